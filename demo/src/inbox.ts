/**
 * The demo's Inbox: every mail the development server "sent" (its dev outbox), so a newcomer can finish each flow
 * without a mail server. Shown only when the server answers GET /api/dev/outbox, which it does in development mode.
 */
import { apiPaths, type OutboxMessage, OutboxResponse } from '@portico/contract';

const linkPattern = /https?:\/\/[^\s<>"]+/g;

/** The mail's text with its addresses as links, built as DOM nodes (never as HTML from the mail). */
function textWithLinks(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(linkPattern)) {
    fragment.append(text.slice(last, match.index));
    const link = document.createElement('a');
    link.href = match[0];
    link.textContent = match[0];
    // A mailed link opens a fresh page, as it would from a mail program: the page reads the link when it loads.
    link.target = '_blank';
    link.rel = 'noopener';
    fragment.append(link);
    last = (match.index ?? 0) + match[0].length;
  }
  fragment.append(text.slice(last));
  return fragment;
}

function renderMessage(message: OutboxMessage): HTMLElement {
  const item = document.createElement('li');
  item.className = 'mail';
  const heading = document.createElement('h3');
  heading.textContent = message.subject ?? '(SMS)';
  const meta = document.createElement('p');
  meta.className = 'mail-meta';
  meta.textContent = `To ${message.to} · ${new Date(message.createdAt).toLocaleTimeString()}`;
  const body = document.createElement('pre');
  body.append(textWithLinks(message.text));
  item.append(heading, meta, body);
  return item;
}

export async function startInbox(panel: HTMLElement, list: HTMLElement, refresh: HTMLButtonElement): Promise<void> {
  async function load(): Promise<boolean> {
    const response = await fetch(`${apiPaths.devOutbox}?limit=20`).catch(() => null);
    if (!response?.ok) return false;
    const { messages } = OutboxResponse.parse(await response.json());
    list.replaceChildren(...messages.map(renderMessage));
    if (messages.length === 0) {
      const empty = document.createElement('li');
      empty.textContent = 'No mail yet.';
      list.append(empty);
    }
    return true;
  }
  if (!(await load())) return; // production mode, or no dev outbox: no Inbox
  panel.hidden = false;
  refresh.addEventListener('click', () => void load());
  // New mail arrives as flows run; a few seconds' delay is fine for a demo.
  setInterval(() => void load(), 3000);
}
