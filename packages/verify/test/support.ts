import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { SessionTokenClaims } from '@portico/contract';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { PorticoTokenError } from '../src/index.ts';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function makeKey(kid: string = randomUUID()): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { kid, privateKey, publicJwk };
}

export interface ValidateCall {
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

export type ValidateHandler = (call: ValidateCall) => { status: number; body: unknown };

/**
 * A stand-in Portico server on a real port: the JWKS (its keys changeable mid-test, its requests counted) and the
 * validate endpoint, answering whatever a test sets.
 */
export interface FakeIssuer {
  issuer: string;
  keys: SigningKey[];
  jwksDown: boolean;
  jwksRequests: number;
  validate: ValidateHandler;
  validateCalls: ValidateCall[];
  close(): Promise<void>;
}

export async function startIssuer(keys: SigningKey[]): Promise<FakeIssuer> {
  const state: Omit<FakeIssuer, 'issuer' | 'close'> = {
    keys,
    jwksDown: false,
    jwksRequests: 0,
    validate: () => ({ status: 500, body: { error: { code: 'internal_error', message: 'not set' } } }),
    validateCalls: [],
  };
  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.writeHead(500).end());
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method === 'GET' && req.url === '/.well-known/jwks.json') {
      state.jwksRequests += 1;
      if (state.jwksDown) return void res.writeHead(503).end();
      return json(res, 200, { keys: state.keys.map((key) => key.publicJwk) });
    }
    if (req.method === 'POST' && req.url === '/api/sessions/validate') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const call: ValidateCall = {
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
      };
      state.validateCalls.push(call);
      const answer = state.validate(call);
      return json(res, answer.status, answer.body);
    }
    res.writeHead(404).end();
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    issuer: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export function claimsFor(issuer: string, overrides: Partial<SessionTokenClaims> = {}): SessionTokenClaims {
  const now = nowSeconds();
  return {
    iss: issuer,
    aud: issuer,
    sub: 'user-1',
    sid: 'session-1',
    jti: randomUUID(),
    iat: now,
    exp: now + 300,
    auth_time: now - 60,
    amr: ['pwd', 'mfa'],
    email: 'ada@example.com',
    email_verified: true,
    name: 'Ada Lovelace',
    locale: 'en',
    acct: 'NL123421341',
    accounts: [{ customerId: 'NL123421341', name: 'Berg Hosting BV', role: 'owner' }],
    ...overrides,
  };
}

/** A token as the Portico server signs one; `claims` may drop or add fields to make a bad one. */
export function sign(key: SigningKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT', ...header }).sign(key.privateKey);
}

export const base64url = (value: string | Uint8Array) => Buffer.from(value).toString('base64url');

/** A compact JWS assembled by hand, for headers that no honest signer would write. */
export function handMade(header: Record<string, unknown>, claims: Record<string, unknown>, signature = ''): string {
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}.${signature}`;
}

/** Awaits a rejection and gives back its code, so a wrong code fails with both codes in the message. */
export async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PorticoTokenError) return error.code;
    throw error;
  }
  throw new Error('expected a PorticoTokenError, but the promise resolved');
}
