import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { BankIdError, type BankIdRelyingParty } from '../../ports/bankid.ts';
import { bankIdRpApi, parseAnswerBody, type RpAnswer, type RpPost } from './rp-api.ts';
import { isLoopbackUrl } from '../../loopback.ts';

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
    if (url.protocol === 'http:' && !options.allowPlainHttp && !isLoopbackUrl(url)) {
      throw new BankIdError('unreachable', null, `BankID's API is reached over HTTPS only; plain HTTP is for the local test server (${url.host})`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BankIdError('unreachable', null, `Not an HTTP URL: ${url.protocol}`);
    return url;
  };

  const post: RpPost = (method, payload) => {
    const url = endpoint(method);
    const body = JSON.stringify(payload);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<RpAnswer>((resolve, reject) => {
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
            resolve({ status: response.statusCode ?? 0, body: parseAnswerBody(Buffer.concat(chunks).toString('utf8')) });
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

  return bankIdRpApi(post);
}
