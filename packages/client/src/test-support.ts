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

/**
 * Test-only (not exported from the package): the newest 6-digit code texted to `phone` (E.164, e.g. `+46701234567`;
 * a text newer than message `after`, if given), read from the development outbox of the server at `api`, where the
 * dev SMS sender puts texts beside mails. Polls until one arrives.
 */
export async function readTextedCode(
  phone: string,
  { api = '', timeoutMs = 5000, after = 0 }: { api?: string; timeoutMs?: number; after?: number } = {},
): Promise<MailedCode> {
  const deadline = Date.now() + timeoutMs;
  const outbox = `${api.replace(/\/+$/, '')}${apiPaths.devOutbox}?to=${encodeURIComponent(phone)}&channel=sms`;
  for (;;) {
    const response = await fetch(outbox);
    if (!response.ok) throw new Error(`The dev outbox answered ${response.status}: is the server in development mode?`);
    const { messages } = OutboxResponse.parse(await response.json());
    for (const message of messages.filter((candidate) => candidate.id > after)) {
      const code = message.text.match(/(?<!\d)\d{6}(?!\d)/)?.[0];
      if (code) return { code, messageId: message.id };
    }
    if (Date.now() > deadline) throw new Error(`No code was texted to ${phone}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The id of the newest message in the dev outbox for `to` (0 when none): pass it as `after` to wait for a newer one. */
export async function newestOutboxId(to: string, { api = '' }: { api?: string } = {}): Promise<number> {
  const response = await fetch(`${api.replace(/\/+$/, '')}${apiPaths.devOutbox}?to=${encodeURIComponent(to)}&limit=1`);
  if (!response.ok) throw new Error(`The dev outbox answered ${response.status}: is the server in development mode?`);
  const { messages } = OutboxResponse.parse(await response.json());
  return messages[0]?.id ?? 0;
}

/**
 * Test-only: the authenticator app's code (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps) for a base32 `secret`,
 * `steps` time steps from now. The server refuses a code of a step it has seen used (replay), and accepts one step
 * of drift either way, so a test that used this step's code may sign in at once with the next step's (`steps: 1`).
 */
export async function totpCode(secret: string, { steps = 0, at = Date.now() }: { steps?: number; at?: number } = {}): Promise<string> {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const letter of secret.replace(/[\s=-]/g, '').toUpperCase()) {
    const value = alphabet.indexOf(letter);
    if (value < 0) throw new Error(`not base32: ${secret}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const keyBytes = new Uint8Array(Math.floor(bits.length / 8)).map((_, i) => parseInt(bits.slice(i * 8, i * 8 + 8), 2));
  const counter = Math.floor(at / 1000 / 30) + steps;
  const message = new DataView(new ArrayBuffer(8));
  message.setUint32(0, Math.floor(counter / 2 ** 32));
  message.setUint32(4, counter >>> 0);
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message));
  // RFC 4226 §5.3, dynamic truncation: 31 bits from the offset the last nibble names.
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = new DataView(mac.buffer).getUint32(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}
