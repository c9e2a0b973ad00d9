import { BankIdError, type BankIdRelyingParty } from '../../ports/bankid.ts';
import { bankIdRpApi, parseAnswerBody, type RpPost } from './rp-api.ts';

/**
 * BankID's relying-party API v6.0 spoken through a plain `fetch`-shaped function, with no TLS of its own: for the
 * browser mock, where the local BankID test server (`localBankIdServer`) runs in the same page and is reached by
 * calling its Hono app directly. Real BankID needs mutual TLS and is reached with `createBankIdRpClient` instead.
 *
 * It reads BankID's answers with the same code as that client (`bankIdRpApi`).
 */
export interface FetchBankIdRpClientOptions {
  /** Sends one request to the API, e.g. `(request) => localBankId.fetch(request)`. */
  fetch: (request: Request) => Promise<Response> | Response;
  /** The API's base URL, ending in `/rp/v6.0/`. Only its path matters to an in-process server. */
  baseUrl: string;
}

export function createFetchBankIdRpClient(options: FetchBankIdRpClientOptions): BankIdRelyingParty {
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const post: RpPost = async (method, payload) => {
    let response: Response;
    try {
      response = await options.fetch(
        new Request(new URL(method, base), {
          method: 'POST',
          // Exactly this media type: BankID refuses a charset parameter (415).
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(payload),
        }),
      );
    } catch (error) {
      throw new BankIdError('unreachable', null, `BankID's API could not be reached: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { status: response.status, body: parseAnswerBody(await response.text()) };
  };
  return bankIdRpApi(post);
}
