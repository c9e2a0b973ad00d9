import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rfaCodes } from '@portico/contract';
import { BankIdError } from '../src/ports/bankid.ts';
import { rfaForCollect, rfaForError } from '../src/services/bankid/user-messages.ts';

const qr = { startedOnThisDevice: false };
const here = { startedOnThisDevice: true };

describe("BankID's recommended user messages", () => {
  it('pending: by hint code, and whether the app was started on this device', () => {
    const cases: Array<[string, { startedOnThisDevice: boolean }, string]> = [
      ['outstandingTransaction', qr, 'RFA1'],
      ['outstandingTransaction', here, 'RFA13'],
      ['noClient', qr, 'RFA1'],
      ['noClient', here, 'RFA1'],
      ['started', qr, 'RFA15'],
      ['started', here, 'RFA15'],
      ['userSign', qr, 'RFA9'],
      ['userSign', here, 'RFA9'],
      ['userMrtd', qr, 'RFA23'],
    ];
    for (const [hintCode, context, expected] of cases) {
      assert.equal(rfaForCollect({ status: 'pending', hintCode }, context), expected, `pending/${hintCode}`);
    }
  });

  it('failed: by hint code', () => {
    const cases: Array<[string, string]> = [
      ['expiredTransaction', 'RFA8'],
      ['certificateErr', 'RFA16'],
      ['userCancel', 'RFA6'],
      ['cancelled', 'RFA3'],
      ['startFailed', 'RFA17'],
    ];
    for (const [hintCode, expected] of cases) {
      assert.equal(rfaForCollect({ status: 'failed', hintCode }, qr), expected, `failed/${hintCode}`);
      assert.equal(rfaForCollect({ status: 'failed', hintCode }, here), expected, `failed/${hintCode} on this device`);
    }
  });

  it('an unknown or missing hint code gets the generic message of its status', () => {
    for (const hintCode of ['someFutureHint', null, 'toString', '__proto__']) {
      assert.equal(rfaForCollect({ status: 'pending', hintCode }, qr), 'RFA21');
      assert.equal(rfaForCollect({ status: 'failed', hintCode }, here), 'RFA22');
    }
    // A pending code is not read as a failed one, nor the other way round.
    assert.equal(rfaForCollect({ status: 'failed', hintCode: 'userSign' }, qr), 'RFA22');
    assert.equal(rfaForCollect({ status: 'pending', hintCode: 'userCancel' }, qr), 'RFA21');
  });

  it('errors of the RP API', () => {
    const cases: Array<[string, string]> = [
      ['alreadyInProgress', 'RFA4'],
      ['internalError', 'RFA5'],
      ['maintenance', 'RFA5'],
      ['requestTimeout', 'RFA5'],
      ['unreachable', 'RFA5'],
      ['invalidParameters', 'RFA22'],
      ['unauthorized', 'RFA22'],
      ['notFound', 'RFA22'],
      ['someFutureError', 'RFA22'],
    ];
    for (const [errorCode, expected] of cases) {
      assert.equal(rfaForError(new BankIdError(errorCode, 400, 'x')), expected, errorCode);
    }
  });

  it('only names messages the components have', () => {
    const results = [
      rfaForCollect({ status: 'complete', completion: { personalNumber: '198001019876', name: 'A B', givenName: 'A', surname: 'B' } }, qr),
      rfaForCollect({ status: 'pending', hintCode: 'x' }, qr),
      rfaForError(new BankIdError('x', null, 'x')),
    ];
    for (const code of results) assert.ok((rfaCodes as readonly string[]).includes(code));
  });
});
