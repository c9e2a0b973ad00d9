/** A date as the page's language writes it ("23 Nov 2026"), for "since", "last used", "until"; '' if it is none. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: 'medium' }).format(date);
}
