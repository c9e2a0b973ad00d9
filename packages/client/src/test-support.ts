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
