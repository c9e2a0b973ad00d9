import { z } from 'zod';
import { type BankIdCollectResult, BankIdError, type BankIdOrder, type BankIdRelyingParty } from '../../ports/bankid.ts';

/**
 * BankID's relying-party API v6.0 as Portico reads it, whatever carries the requests: `POST {base}auth`, `collect`
 * and `cancel`, JSON in and out. The answers are checked against BankID's shapes, and error answers become
 * `BankIdError` with BankID's `errorCode`. `createBankIdRpClient` carries them over (mutual) TLS under Node;
 * `createFetchBankIdRpClient` through a `fetch`, for the local test server inside the browser mock.
 */

/** One answer of the API: its HTTP status and its JSON body (null when it had none, or none that parses). */
export interface RpAnswer {
  status: number;
  body: unknown;
}

/** Sends one request to the API; rejects with `BankIdError('unreachable')` when no answer came. */
export type RpPost = (method: 'auth' | 'collect' | 'cancel', payload: object) => Promise<RpAnswer>;

/** The JSON of an answer's text; null for an empty or unreadable body (the status then tells what happened). */
export function parseAnswerBody(text: string): unknown {
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return null;
  }
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

export function bankIdRpApi(post: RpPost): BankIdRelyingParty {
  const failure = (method: string, answer: RpAnswer): BankIdError => {
    const parsed = ErrorBody.safeParse(answer.body);
    const errorCode = parsed.success ? parsed.data.errorCode : (errorCodeOfStatus[answer.status] ?? 'unknown');
    const details = parsed.success && parsed.data.details ? `: ${parsed.data.details}` : '';
    return new BankIdError(errorCode, answer.status, `BankID ${method} answered ${answer.status} ${errorCode}${details}`);
  };

  const invalidAnswer = (method: string, answer: RpAnswer): BankIdError =>
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
