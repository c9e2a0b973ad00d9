/**
 * BankID's relying-party API (RP API v6.0): what Portico asks of BankID. One adapter talks HTTP (mutual TLS) to
 * BankID's servers, or to the local BankID test server that implements the same endpoints for development and tests.
 */

/** `POST /auth`: a new order. The secrets stay on the server: the browser gets QR content computed from them. */
export interface BankIdOrder {
  orderRef: string;
  autoStartToken: string;
  qrStartToken: string;
  qrStartSecret: string;
}

/** What BankID knows of the person once an order is complete. */
export interface BankIdCompletion {
  /** 12 digits (YYYYMMDDNNNC). */
  personalNumber: string;
  name: string;
  givenName: string;
  surname: string;
}

/**
 * `POST /collect`. `hintCode` is kept as BankID sent it: codes unknown to Portico (BankID adds some over time) are
 * tolerated and shown with the generic message.
 */
export type BankIdCollectResult =
  { status: 'pending'; hintCode: string | null } | { status: 'failed'; hintCode: string | null } | { status: 'complete'; completion: BankIdCompletion };

/** An error answer of the RP API (`errorCode`: alreadyInProgress, invalidParameters, notFound, internalError, maintenance, …) or no answer at all (`unreachable`). */
export class BankIdError extends Error {
  constructor(
    readonly errorCode: string,
    readonly httpStatus: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'BankIdError';
  }
}

export interface BankIdRelyingParty {
  /** Starts an authentication order for the person at `endUserIp` (the browser's address). Throws BankIdError. */
  auth(request: { endUserIp: string }): Promise<BankIdOrder>;
  /** The order's state now. Throws BankIdError (`notFound` once BankID has forgotten it). */
  collect(orderRef: string): Promise<BankIdCollectResult>;
  /** Cancels a pending order; an order that is over is no error. Throws BankIdError. */
  cancel(orderRef: string): Promise<void>;
}
