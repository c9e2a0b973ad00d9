import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createSmtpMailer, describeSmtpUrl } from '../src/adapters/mail/smtp-mailer.ts';
import { MailDeliveryError } from '../src/ports/mailer.ts';
import { renderMail } from '../src/services/mail/render-mail.ts';

interface Received {
  user: string | undefined;
  envelopeFrom: string | undefined;
  envelopeTo: string[];
  raw: Buffer;
}

/** A real SMTP server on 127.0.0.1 without TLS, requiring AUTH PLAIN/LOGIN as `portico` / `s3cret pass`. */
async function startSmtpServer() {
  const received: Received[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    // Auth over plain TCP is fine on loopback in a test; a real deployment uses smtps:// or STARTTLS.
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'portico' && auth.password === 's3cret pass') callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@refused.example')) callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          user: typeof session.user === 'string' ? session.user : undefined,
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise((resolve) => probe.close(resolve));
  return address.port;
}

const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value.map((v) => v.address));

describe('SMTP mailer against a real SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(() => smtp?.close());

  it('authenticates with the credentials of SMTP_URL and delivers text and HTML, as sent', async () => {
    const mailer = createSmtpMailer({
      url: `smtp://portico:${encodeURIComponent('s3cret pass')}@127.0.0.1:${smtp.port}`,
      from: 'Leasify <no-reply@leasify.example>',
    });
    const rendered = renderMail('passwordReset', 'en', { url: 'https://leasify.example/reset?token=abc&x=1', minutes: 30 }, 'Leasify');
    await mailer.send({ to: 'kund@example.se', subject: rendered.subject, text: rendered.text, html: rendered.html });
    mailer.close();

    assert.equal(smtp.received.length, 1);
    const [delivery] = smtp.received;
    assert.equal(delivery!.user, 'portico');
    assert.equal(delivery!.envelopeFrom, 'no-reply@leasify.example');
    assert.deepEqual(delivery!.envelopeTo, ['kund@example.se']);

    const parsed = await simpleParser(delivery!.raw);
    assert.equal(parsed.from?.value[0]?.name, 'Leasify');
    assert.equal(parsed.from?.value[0]?.address, 'no-reply@leasify.example');
    assert.deepEqual(addresses(parsed.to), ['kund@example.se']);
    assert.equal(parsed.subject, 'Reset your Leasify password');
    assert.equal(parsed.text, rendered.text);
    assert.equal(parsed.html, rendered.html);
    assert.ok(parsed.text?.includes('https://leasify.example/reset?token=abc&x=1'));
  });

  it('carries non-ASCII subjects and bodies intact (Swedish mails)', async () => {
    const mailer = createSmtpMailer({ url: `smtp://portico:s3cret%20pass@127.0.0.1:${smtp.port}`, from: 'Portico <no-reply@localhost>' });
    const subject = 'Välkommen till Leasify – bekräfta din e-post';
    await mailer.send({ to: 'åsa@example.se', subject, text: 'Hej Åsa! Följ länken.', html: '<p lang="sv">Hej Åsa! Följ länken.</p>' });
    mailer.close();
    const parsed = await simpleParser(smtp.received.at(-1)!.raw);
    assert.equal(parsed.subject, subject);
    assert.equal(parsed.text?.trim(), 'Hej Åsa! Följ länken.');
    assert.equal(parsed.html, '<p lang="sv">Hej Åsa! Följ länken.</p>');
    assert.equal(parsed.from?.value[0]?.address, 'no-reply@localhost');
  });

  it('rejects when the server refuses the login', async () => {
    const mailer = createSmtpMailer({ url: `smtp://portico:wrong@127.0.0.1:${smtp.port}`, from: 'P <p@localhost>' });
    const before = smtp.received.length;
    await assert.rejects(mailer.send({ to: 'a@example.se', subject: 's', text: 't', html: '<p>h</p>' }), MailDeliveryError);
    mailer.close();
    assert.equal(smtp.received.length, before);
  });

  it('rejects when the server refuses the recipient', async () => {
    const mailer = createSmtpMailer({ url: `smtp://portico:s3cret%20pass@127.0.0.1:${smtp.port}`, from: 'P <p@localhost>' });
    await assert.rejects(mailer.send({ to: 'ghost@refused.example', subject: 's', text: 't', html: '<p>h</p>' }), MailDeliveryError);
    mailer.close();
  });

  it('rejects, promptly, when no SMTP server answers, so a flow can report it instead of losing the mail', async () => {
    const port = await closedPort();
    const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${port}`, from: 'P <p@localhost>', timeoutMs: 2_000 });
    const started = Date.now();
    const error = await mailer.send({ to: 'a@example.se', subject: 's', text: 't', html: '<p>h</p>' }).then(
      () => assert.fail('send resolved'),
      (e: unknown) => e,
    );
    mailer.close();
    assert.ok(error instanceof MailDeliveryError);
    assert.match(error.message, new RegExp(`smtp://127\\.0\\.0\\.1:${port}`));
    assert.ok(Date.now() - started < 5_000);
  });

  it('never shows the credentials when describing the server', () => {
    assert.equal(describeSmtpUrl('smtps://user:hunter2@mail.example.com:465'), 'smtps://mail.example.com:465');
    assert.equal(describeSmtpUrl('smtp://mail.example.com'), 'smtp://mail.example.com');
  });
});
