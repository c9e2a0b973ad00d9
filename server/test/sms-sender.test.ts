import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTwilioSmsSender } from '../src/adapters/sms/twilio-sms-sender.ts';
import { SmsDeliveryError } from '../src/ports/sms-sender.ts';

/**
 * The Twilio adapter against a local server that speaks Twilio's Messages API as documented: Basic auth with the
 * account SID and auth token, a form-encoded POST to /2010-04-01/Accounts/{sid}/Messages.json, 201 with the message
 * resource, or an error resource ({ code, message, more_info, status }).
 */
describe('SMS through the Twilio Messages API', () => {
  const accountSid = 'AC0123456789abcdef0123456789abcdef';
  const authToken = 'test-auth-token-0123456789';
  const received: Array<{ path: string; authorization: string; contentType: string; form: URLSearchParams }> = [];
  let server: ReturnType<typeof createServer>;
  let base: string;

  const read = async (request: IncomingMessage) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    return body;
  };

  before(async () => {
    server = createServer(async (request, response) => {
      const form = new URLSearchParams(await read(request));
      received.push({
        path: request.url ?? '',
        authorization: request.headers.authorization ?? '',
        contentType: request.headers['content-type'] ?? '',
        form,
      });
      response.setHeader('content-type', 'application/json');
      if (request.headers.authorization !== `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`) {
        response.statusCode = 401;
        response.end(JSON.stringify({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 }));
        return;
      }
      if (form.get('To') === '+15005550001') {
        response.statusCode = 400;
        response.end(JSON.stringify({ code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 }));
        return;
      }
      response.statusCode = 201;
      response.end(JSON.stringify({ sid: 'SM0123', status: 'queued', to: form.get('To'), body: form.get('Body') }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("posts the message form-encoded with Basic auth to the account's Messages resource", async () => {
    const sender = createTwilioSmsSender({ url: `http://${accountSid}:${authToken}@${base}`, from: '+46700000000' });
    await sender.send({ to: '+46701234567', text: 'Your Acme code is 123456' });
    const request = received.at(-1)!;
    assert.equal(request.path, `/2010-04-01/Accounts/${accountSid}/Messages.json`);
    assert.equal(request.contentType, 'application/x-www-form-urlencoded');
    assert.deepEqual(Object.fromEntries(request.form), { To: '+46701234567', Body: 'Your Acme code is 123456', From: '+46700000000' });
  });

  it('sends from a messaging service when the sender is one', async () => {
    const sender = createTwilioSmsSender({ url: `http://${accountSid}:${authToken}@${base}`, from: 'MG0123456789abcdef' });
    await sender.send({ to: '+46701234567', text: 'x' });
    assert.equal(received.at(-1)!.form.get('MessagingServiceSid'), 'MG0123456789abcdef');
    assert.equal(received.at(-1)!.form.get('From'), null);
  });

  it('rejects with SmsDeliveryError when refused, unauthorised or unreachable', async () => {
    const good = createTwilioSmsSender({ url: `http://${accountSid}:${authToken}@${base}`, from: '+46700000000' });
    await assert.rejects(good.send({ to: '+15005550001', text: 'x' }), (error: unknown) => {
      assert.ok(error instanceof SmsDeliveryError);
      assert.match(error.message, /400.*not a valid phone number/);
      return true;
    });
    const wrongToken = createTwilioSmsSender({ url: `http://${accountSid}:wrong@${base}`, from: '+46700000000' });
    await assert.rejects(wrongToken.send({ to: '+46701234567', text: 'x' }), /401/);
    const nowhere = createTwilioSmsSender({ url: `http://${accountSid}:${authToken}@127.0.0.1:1`, from: '+46700000000' });
    await assert.rejects(nowhere.send({ to: '+46701234567', text: 'x' }), SmsDeliveryError);
  });
});
