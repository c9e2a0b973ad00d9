import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bankIdQrData } from '../src/services/bankid/qr.ts';

/** BankID's published example of the animated QR code (RP guidelines, "Animated QR code"). */
describe('BankID animated QR content', () => {
  const qrStartToken = '67df3917-fa0d-44e5-b327-edcc928297f8';
  const qrStartSecret = 'd28db9a7-4cde-429e-a983-359be676944c';
  const published = [
    'dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8',
    '949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2',
    'a9e5ec59cb4eee4ef4117150abc58fad7a85439a6a96ccbecc3668b41795b3f3',
  ];

  it('matches the published values for seconds 0, 1 and 2', async () => {
    for (const [seconds, qrAuthCode] of published.entries()) {
      assert.equal(await bankIdQrData(qrStartToken, qrStartSecret, seconds), `bankid.${qrStartToken}.${seconds}.${qrAuthCode}`);
    }
  });

  it('counts whole seconds', async () => {
    assert.equal(await bankIdQrData(qrStartToken, qrStartSecret, 1.97), await bankIdQrData(qrStartToken, qrStartSecret, 1));
  });

  it('refuses a negative or non-finite time', async () => {
    await assert.rejects(bankIdQrData(qrStartToken, qrStartSecret, -1), RangeError);
    await assert.rejects(bankIdQrData(qrStartToken, qrStartSecret, Number.NaN), RangeError);
  });
});
