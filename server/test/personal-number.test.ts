import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePersonalNumber } from '@portico/contract';
import { maskPersonalNumber } from '../src/services/bankid/personal-numbers.ts';

/** Swedish personnummer as people type them (leasing portal, "Mina uppgifter"), checked and normalised to 12 digits. */
describe('personnummer', () => {
  const today = new Date('2026-11-23T12:00:00Z');

  it('accepts 10 or 12 digits, with or without a hyphen, and normalises to 12', () => {
    for (const typed of ['811218-9876', '8112189876', '19811218-9876', '198112189876', ' 811218-9876 ']) {
      assert.equal(parsePersonalNumber(typed, today), '198112189876', typed);
    }
  });

  it('takes the century from today, and one earlier with "+" (100 years or older)', () => {
    assert.equal(parsePersonalNumber('121212-1212', today), '201212121212');
    assert.equal(parsePersonalNumber('121212+1212', today), '191212121212');
  });

  it('accepts a samordningsnummer (day + 60)', () => {
    assert.equal(parsePersonalNumber('701063-2391', today), '197010632391');
  });

  it('refuses a wrong check digit, an impossible date, a future date and other shapes', () => {
    for (const typed of ['811218-9875', '19800230-1234', '800230-1232', '20991212-1212', '8112189', '81121898761', 'abcdef-ghij', '811218--9876']) {
      assert.equal(parsePersonalNumber(typed, today), null, typed);
    }
  });

  it('masks all but the date for showing to the owner', () => {
    assert.equal(maskPersonalNumber('198112189876'), '19811218-****');
  });
});
