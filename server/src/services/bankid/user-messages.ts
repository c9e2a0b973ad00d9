/**
 * Which of BankID's recommended user messages (RFA1 … RFA23) to show for an order's state or an error of the RP API.
 *
 * Source: BankID's relying-party documentation, "Recommended user messages" and the action-by-RP columns of the
 * hint-code tables of `collect` and of the errors table (https://www.bankid.com/utvecklare/guider, now
 * https://developers.bankid.com/). Of the families of variants (RFA14A/B, RFA15A/B, RFA17A/B) the answer names
 * the family: RFA15 (searching for a BankID) and RFA17 (the app could not be started or the QR code not scanned).
 * `<portico-bankid>` knows how the order was started: RFA15 is BankID's RFA15B once the app was opened on this
 * device, and the same words naming the phone that scanned the QR code while that is in use; RFA17 is RFA17B.
 *
 * | status  | hintCode                 | message                                                     |
 * |---------|--------------------------|-------------------------------------------------------------|
 * | pending | outstandingTransaction   | RFA13 when the app was started on this device, else RFA1    |
 * | pending | noClient                 | RFA1                                                        |
 * | pending | started                  | RFA15                                                       |
 * | pending | userSign                 | RFA9                                                        |
 * | pending | userMrtd                 | RFA23                                                       |
 * | pending | any other (new) code     | RFA21                                                       |
 * | failed  | expiredTransaction       | RFA8                                                        |
 * | failed  | certificateErr           | RFA16                                                       |
 * | failed  | userCancel               | RFA6                                                        |
 * | failed  | cancelled                | RFA3                                                        |
 * | failed  | startFailed              | RFA17                                                       |
 * | failed  | any other (new) code     | RFA22                                                       |
 *
 * BankID adds hint codes without notice and asks relying parties to show the generic message of the status for
 * codes they do not know yet (RFA21 while pending, RFA22 once failed).
 */
import type { RfaCode } from '@portico/contract';
import type { BankIdCollectResult, BankIdError } from '../../ports/bankid.ts';

const pendingMessages: Record<string, RfaCode> = {
  noClient: 'RFA1',
  started: 'RFA15',
  userSign: 'RFA9',
  userMrtd: 'RFA23',
};

const failedMessages: Record<string, RfaCode> = {
  expiredTransaction: 'RFA8',
  certificateErr: 'RFA16',
  userCancel: 'RFA6',
  cancelled: 'RFA3',
  startFailed: 'RFA17',
};

function lookUp(table: Record<string, RfaCode>, hintCode: string | null): RfaCode | undefined {
  return hintCode !== null && Object.hasOwn(table, hintCode) ? table[hintCode] : undefined;
}

/**
 * The message for a collected order. `startedOnThisDevice`: the person chose "Open BankID on this device" (the app
 * was started with the autostart token) rather than scanning the QR code. A complete order needs no message: the
 * flow moves on; should it be shown anyway, it says the identification is in progress (RFA21).
 */
export function rfaForCollect(result: BankIdCollectResult, context: { startedOnThisDevice: boolean }): RfaCode {
  switch (result.status) {
    case 'pending':
      if (result.hintCode === 'outstandingTransaction') return context.startedOnThisDevice ? 'RFA13' : 'RFA1';
      return lookUp(pendingMessages, result.hintCode) ?? 'RFA21';
    case 'failed':
      return lookUp(failedMessages, result.hintCode) ?? 'RFA22';
    case 'complete':
      return 'RFA21';
  }
}

/**
 * The message for an error answer of the RP API (or none at all). From BankID's errors table:
 *
 * | errorCode                                       | message |
 * |-------------------------------------------------|---------|
 * | alreadyInProgress                               | RFA4    |
 * | internalError, maintenance, requestTimeout      | RFA5    |
 * | unreachable (no answer: network, TLS, timeout)  | RFA5    |
 * | anything else                                   | RFA22   |
 *
 * "Anything else" includes the errors BankID says are the relying party's own fault and "must not be communicated to
 * the user as a BankID error" (invalidParameters, unauthorized, notFound, methodNotAllowed, unsupportedMediaType):
 * the person can only be told that something went wrong (RFA22), while the details go to the server's log.
 */
export function rfaForError(error: BankIdError): RfaCode {
  switch (error.errorCode) {
    case 'alreadyInProgress':
      return 'RFA4';
    case 'internalError':
    case 'maintenance':
    case 'requestTimeout':
    case 'unreachable':
      return 'RFA5';
    default:
      return 'RFA22';
  }
}
