import type { Locale } from '@portico/contract';
import { en } from './en.ts';
import { sv } from './sv.ts';
import type { MailAction, MailCatalogue, MailContent, MailKey, MailParams, MailTemplates } from './mail-catalogue.ts';

export type { MailKey, MailParams } from './mail-catalogue.ts';

/** A mail ready for the Mailer port, minus the recipient. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** The language it was written in (the catalogue actually used). */
  locale: string;
}

/**
 * Languages with a mail catalogue, each complete by type (`MailCatalogue`). A new language adds its catalogue here
 * (and to the contract's `locales`).
 */
const catalogues: Readonly<Record<Locale, MailCatalogue>> = { en, sv };

/** The language of a BCP 47 tag if there is a catalogue for it (`sv-SE` → `sv`), else null. */
function catalogueLocale(tag: string | null | undefined): Locale | null {
  const language = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return Object.hasOwn(catalogues, language) ? (language as Locale) : null;
}

/** The catalogue for `locale`; else for `fallback` (the policy's default language); else English. */
function pickCatalogue(locale: string | null | undefined, fallback: string | null | undefined): { locale: Locale; catalogue: MailCatalogue } {
  const picked = catalogueLocale(locale) ?? catalogueLocale(fallback) ?? 'en';
  return { locale: picked, catalogue: catalogues[picked] };
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);
}

/** Control characters (line breaks above all) have no place in a subject: a header must stay one header. */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const oneLine = (value: string) => value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

/** Links in mail are the server's own http(s) URLs; anything else (javascript:, data:) is a bug, never rendered. */
function assertWebUrl(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new TypeError('A mail link must be an absolute URL');
  }
  if (protocol !== 'https:' && protocol !== 'http:') throw new TypeError('A mail link must be an http(s) URL');
}

const font = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const paragraphStyle = 'margin:0 0 16px;font-size:16px;line-height:1.5;color:#1f2328';
const smallStyle = 'margin:0 0 16px;font-size:14px;line-height:1.5;color:#57606a';

function textAction(action: MailAction): string {
  return action.kind === 'code' ? `${action.label}\n\n    ${action.code}` : `${action.label}:\n${action.url}`;
}

function htmlAction(action: MailAction, catalogue: MailCatalogue): string {
  if (action.kind === 'code') {
    return (
      `<p style="${paragraphStyle}">${escapeHtml(action.label)}</p>\n` +
      `<p style="margin:0 0 24px"><code style="display:inline-block;padding:12px 16px;background:#f6f8fa;border:1px solid #d0d7de;` +
      `border-radius:6px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace;font-size:32px;` +
      `font-weight:700;letter-spacing:6px;color:#1f2328">${escapeHtml(action.code)}</code></p>`
    );
  }
  const href = escapeHtml(action.url);
  return (
    `<p style="margin:8px 0 24px"><a href="${href}" style="display:inline-block;padding:12px 20px;background:#0b57d0;` +
    `color:#ffffff;border-radius:6px;font-size:16px;font-weight:600;text-decoration:none">${escapeHtml(action.label)}</a></p>\n` +
    `<p style="${smallStyle}">${escapeHtml(catalogue.common.linkFallback)}<br>` +
    `<a href="${href}" style="color:#0b57d0;word-break:break-all">${href}</a></p>`
  );
}

function layoutText(content: MailContent, signature: string): string {
  const blocks = [...content.intro, ...(content.action ? [textAction(content.action)] : []), ...content.outro, signature];
  return `${blocks.join('\n\n')}\n`;
}

function layoutHtml(content: MailContent, catalogue: MailCatalogue, locale: string, subject: string, signature: string): string {
  const paragraphs = (lines: string[]) => lines.map((line) => `<p style="${paragraphStyle}">${escapeHtml(line)}</p>`);
  const body = [
    ...paragraphs(content.intro),
    ...(content.action ? [htmlAction(content.action, catalogue)] : []),
    ...content.outro.map((line) => `<p style="${smallStyle}">${escapeHtml(line)}</p>`),
    `<p style="margin:24px 0 0;font-size:14px;line-height:1.5;color:#57606a">${escapeHtml(signature)}</p>`,
  ];
  return `<!doctype html>
<html lang="${escapeHtml(locale)}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:24px 12px;background:#f6f8fa;${font}">
<div role="article" aria-roledescription="email" aria-label="${escapeHtml(subject)}" lang="${escapeHtml(locale)}" style="max-width:560px;margin:0 auto;padding:32px 28px;background:#ffffff;border:1px solid #d0d7de;border-radius:8px;${font}">
${body.join('\n')}
</div>
</body>
</html>
`;
}

/**
 * Renders one mail in the recipient's language (when there is no catalogue for it, in `fallbackLocale`, the policy's
 * default language; else English), with the product name from configuration. Every value — parameters, product
 * name, translations — is HTML-escaped in the HTML part.
 */
export function renderMail<K extends MailKey>(
  key: K,
  locale: string | null | undefined,
  params: MailParams[K],
  product: string,
  fallbackLocale: string | null = 'en',
): RenderedMail {
  const picked = pickCatalogue(locale, fallbackLocale);
  // Through the plain mapped type, so TypeScript ties the template of `key` to the params of `key`.
  const templates: MailTemplates = picked.catalogue;
  const content = templates[key](params, product);
  if (content.action?.kind === 'link') assertWebUrl(content.action.url);
  const subject = oneLine(content.subject);
  const signature = picked.catalogue.common.signature(product);
  return {
    subject,
    text: layoutText(content, signature),
    html: layoutHtml(content, picked.catalogue, picked.locale, subject, signature),
    locale: picked.locale,
  };
}
