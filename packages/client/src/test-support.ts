import { apiPaths, OutboxResponse } from '@portico/contract';

/**
 * Test-only (not exported from the package): the token of the newest `#portico-link=` link mailed to `email`, read
 * from the real server's development outbox (`GET /api/dev/outbox`, development mode only). Mails go out in the
 * background, so this polls until one arrives.
 */
export async function readMailedLinkToken(email: string, { timeoutMs = 5000, after = 0 } = {}): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${apiPaths.devOutbox}?to=${encodeURIComponent(email)}`);
    if (!response.ok) throw new Error(`The dev outbox answered ${response.status}: is the server in development mode?`);
    const { messages } = OutboxResponse.parse(await response.json());
    const newest = messages.find((message) => message.id > after);
    const token = newest?.text.match(/#portico-link=([A-Za-z0-9_-]+)/)?.[1];
    if (token) return token;
    if (Date.now() > deadline) throw new Error(`No link was mailed to ${email}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A sign-up code found in the dev outbox, and the id of the mail that carried it. */
export interface MailedCode {
  code: string;
  messageId: number;
}

/**
 * Test-only (not exported from the package): the newest 6-digit code mailed to `email` (a mail newer than message
 * `after`, if given), read from the development outbox of the server at `api` (a base URL as the components take
 * it; '' is the page's origin). Polls until one arrives, as mails go out in the background.
 */
export async function readMailedCode(
  email: string,
  { api = '', timeoutMs = 5000, after = 0 }: { api?: string; timeoutMs?: number; after?: number } = {},
): Promise<MailedCode> {
  const deadline = Date.now() + timeoutMs;
  const outbox = `${api.replace(/\/+$/, '')}${apiPaths.devOutbox}?to=${encodeURIComponent(email)}`;
  for (;;) {
    const response = await fetch(outbox);
    if (!response.ok) throw new Error(`The dev outbox answered ${response.status}: is the server in development mode?`);
    const { messages } = OutboxResponse.parse(await response.json());
    for (const message of messages.filter((candidate) => candidate.id > after)) {
      // The code stands on a line of its own in the mail's text.
      const code = message.text.match(/^\s*(\d{6})\s*$/m)?.[1];
      if (code) return { code, messageId: message.id };
    }
    if (Date.now() > deadline) throw new Error(`No code was mailed to ${email}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
