import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { z } from 'zod';
import { type BankIdCollectResult, BankIdError, type BankIdOrder, type BankIdRelyingParty } from '../../ports/bankid.ts';

/**
 * BankID's relying-party API v6.0 over HTTP: `POST {baseUrl}auth`, `collect` and `cancel`, JSON in and out.
 *
 * Against BankID (production `https://appapi2.bankid.com/rp/v6.0/`, test `https://appapi2.test.bankid.com/rp/v6.0/`)
 * the connection is mutual TLS: Portico presents the relying party's certificate (a PKCS#12 file and its
 * passphrase, from the bank that made the agreement) and trusts only BankID's own CA for the server's certificate.
 * Plain HTTP is accepted only to this machine (loopback addresses), where the local BankID test server answers.
 *
 * Nothing personal is sent beyond what `auth` requires: the end user's IP address.
 */
export interface BankIdRpClientOptions {
  /**
   * The API's base URL, ending in `/rp/v6.0/` (a missing final slash is added). A function is asked on every request,
   * for a server whose own address is known only once it listens.
   */
  baseUrl: string | (() => string);
  /** The relying party's certificate and key (PKCS#12: .pfx, .p12). */
  pfx?: Buffer;
  passphrase?: string;
  /** The CA that issued BankID's server certificates (PEM); replaces the system's trust store for these requests. */
  ca?: Buffer | string;
  /** Gives up on a request BankID has not answered within this time (default 10 s). */
  timeoutMs?: number;
  /**
   * Plain HTTP to any host, for the local test server mounted on this very server whatever address it listens on.
   * Otherwise plain HTTP is refused except to loopback addresses.
   */
  allowPlainHttp?: boolean;
}

const Order = z.object({
  orderRef: z.string().min(1).max(200),
  autoStartToken: z.string().min(1).max(200),
  qrStartToken: z.string().min(1).max(200),
  qrStartSecret: z.string().min(1).max(200),
});

const Collect = z.discriminatedUnion('status', [
  z.object({ orderRef: z.string(), status: z.literal('pending'), hintCode: z.string().max(100).nullish() }),
  z.object({ orderRef: z.string(), status: z.literal('failed'), hintCode: z.string().max(100).nullish() }),
  z.object({
    orderRef: z.string(),
    status: z.literal('complete'),
    completionData: z.object({
      user: z.object({
        personalNumber: z.string().regex(/^\d{12}$/),
        name: z.string().max(500),
        givenName: z.string().max(500),
        surname: z.string().max(500),
      }),
    }),
  }),
]);

const ErrorBody = z.object({ errorCode: z.string().min(1).max(100), details: z.string().max(1000).optional() });

/** The errorCode BankID uses with each HTTP status, for an error answer without a readable body. */
const errorCodeOfStatus: Record<number, string> = {
  400: 'invalidParameters',
  401: 'unauthorized',
  403: 'unauthorized',
  404: 'notFound',
  405: 'methodNotAllowed',
  408: 'requestTimeout',
  415: 'unsupportedMediaType',
  429: 'tooManyRequests',
  500: 'internalError',
  503: 'maintenance',
};

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

interface Answer {
  status: number;
  body: unknown;
}

/** The client certificate cannot be used: not PKCS#12, a wrong passphrase, or a bad CA file. */
export class BankIdCertificateError extends Error {}

export function createBankIdRpClient(options: BankIdRpClientOptions): BankIdRelyingParty {
  const timeoutMs = options.timeoutMs ?? 10_000;
  // Opened once here, so that a wrong passphrase or file shows at start-up rather than at the first sign-in.
  try {
    tls.createSecureContext({ pfx: options.pfx, passphrase: options.passphrase, ca: options.ca });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BankIdCertificateError(`The BankID certificate or CA cannot be used (${reason}): check the file and the passphrase`);
  }
  // One agent, so connections (and their TLS sessions) are reused across the polls of an order.
  const tlsAgent = new https.Agent({
    keepAlive: true,
    ...(options.pfx ? { pfx: options.pfx, passphrase: options.passphrase } : {}),
    ...(options.ca ? { ca: options.ca } : {}),
    minVersion: 'TLSv1.2',
  });
  const plainAgent = new http.Agent({ keepAlive: true });

  const endpoint = (method: string): URL => {
    const base = typeof options.baseUrl === 'function' ? options.baseUrl() : options.baseUrl;
    const url = new URL(method, base.endsWith('/') ? base : `${base}/`);
    if (url.protocol === 'http:' && !options.allowPlainHttp && !loopbackHosts.has(url.hostname)) {
      throw new BankIdError('unreachable', null, `BankID's API is reached over HTTPS only; plain HTTP is for the local test server (${url.host})`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BankIdError('unreachable', null, `Not an HTTP URL: ${url.protocol}`);
    return url;
  };

  const post = (method: 'auth' | 'collect' | 'cancel', payload: object): Promise<Answer> => {
    const url = endpoint(method);
    const body = JSON.stringify(payload);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<Answer>((resolve, reject) => {
      const request = transport.request(
        url,
        {
          method: 'POST',
          agent: url.protocol === 'https:' ? tlsAgent : plainAgent,
          // Exactly this media type: BankID refuses a charset parameter (415).
          headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            // A completion carries a signature and an OCSP response of some kilobytes; nothing is near this.
            if (size > 1_000_000) request.destroy(new Error('answer too large'));
            else chunks.push(chunk);
          });
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = null;
            try {
              parsed = text === '' ? null : JSON.parse(text);
            } catch {
              parsed = null;
            }
            resolve({ status: response.statusCode ?? 0, body: parsed });
          });
          response.on('error', reject);
        },
      );
      // A deadline for the whole exchange, not only for a silent socket.
      const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      request.on('close', () => clearTimeout(timer));
      request.on('error', reject);
      request.end(body);
    }).catch((error: unknown) => {
      if (error instanceof BankIdError) throw error;
      throw new BankIdError('unreachable', null, `BankID's API at ${url.host} could not be reached: ${error instanceof Error ? error.message : String(error)}`);
    });
  };

  const failure = (method: string, answer: Answer): BankIdError => {
    const parsed = ErrorBody.safeParse(answer.body);
    const errorCode = parsed.success ? parsed.data.errorCode : (errorCodeOfStatus[answer.status] ?? 'unknown');
    const details = parsed.success && parsed.data.details ? `: ${parsed.data.details}` : '';
    return new BankIdError(errorCode, answer.status, `BankID ${method} answered ${answer.status} ${errorCode}${details}`);
  };

  const invalidAnswer = (method: string, answer: Answer): BankIdError =>
    new BankIdError('invalidResponse', answer.status, `BankID ${method} answered ${answer.status} with a body Portico does not understand`);

  return {
    async auth({ endUserIp }) {
      const answer = await post('auth', { endUserIp });
      if (answer.status !== 200) throw failure('auth', answer);
      const parsed = Order.safeParse(answer.body);
      if (!parsed.success) throw invalidAnswer('auth', answer);
      const order: BankIdOrder = parsed.data;
      return order;
    },

    async collect(orderRef) {
      const answer = await post('collect', { orderRef });
      if (answer.status !== 200) {
        const error = failure('collect', answer);
        // BankID answers invalidParameters ("No such order") for an order it does not know, or no longer: after
        // a cancel, or once a finished order's time to be collected has passed. The only parameter is the orderRef.
        if (error.errorCode === 'invalidParameters') throw new BankIdError('notFound', error.httpStatus, error.message);
        throw error;
      }
      const parsed = Collect.safeParse(answer.body);
      if (!parsed.success || parsed.data.orderRef !== orderRef) throw invalidAnswer('collect', answer);
      const data = parsed.data;
      let result: BankIdCollectResult;
      if (data.status === 'complete') {
        const { personalNumber, name, givenName, surname } = data.completionData.user;
        result = { status: 'complete', completion: { personalNumber, name, givenName, surname } };
      } else {
        result = { status: data.status, hintCode: data.hintCode ?? null };
      }
      return result;
    },

    async cancel(orderRef) {
      const answer = await post('cancel', { orderRef });
      if (answer.status === 200) return;
      const error = failure('cancel', answer);
      // An order that is already over (complete, failed, cancelled or forgotten): nothing left to cancel.
      if (error.errorCode === 'invalidParameters') return;
      throw error;
    },
  };
}
