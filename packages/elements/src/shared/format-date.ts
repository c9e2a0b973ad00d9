import type { Locale } from '@portico/contract';

/** A date as the element's language writes it ("23 nov. 2026", "Nov 23, 2026"), for "since", "last used", "until"; '' if it is none. */
export function formatDate(locale: Locale, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
}

/** A date and time of day ("4 dec. 2026 22:30", "Dec 4, 2026, 10:30 PM"), for when a session was used; '' if none. */
export function formatDateTime(locale: Locale, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
