import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { localBankIdServer } from '../src/adapters/bankid/local-bankid-server.ts';
import { BankIdCertificateError, createBankIdRpClient } from '../src/adapters/bankid/rp-client.ts';
import { BankIdError } from '../src/ports/bankid.ts';

/**
 * Mutual TLS as with BankID's servers: the client presents the relying party's certificate (PKCS#12 with a
 * passphrase) and trusts only the given CA. A throwaway CA, server certificate and client PKCS#12 are made with the
 * openssl command for this test (Node has no certificate generator); without openssl the test is skipped.
 */
function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const skip = hasOpenssl() ? false : 'the openssl command is not available to make test certificates';

interface Material {
  ca: Buffer;
  serverKey: Buffer;
  serverCert: Buffer;
  clientPfx: Buffer;
  /** A client certificate from another CA, which the server does not trust. */
  strangerPfx: Buffer;
}

function makeCertificates(): Material {
  const folder = mkdtempSync(join(tmpdir(), 'portico-bankid-tls-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const makeCa = (name: string) => {
      openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`);
    };
    const issue = (name: string, ca: string, extensions: string) => {
      writeFileSync(join(folder, `${name}.ext`), extensions);
      openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      openssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        `${ca}.pem`,
        '-CAkey',
        `${ca}.key`,
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
      );
    };
    makeCa('test-bankid-ca');
    makeCa('stranger-ca');
    issue('server', 'test-bankid-ca', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
    issue('relying-party', 'test-bankid-ca', 'extendedKeyUsage=clientAuth\n');
    issue('stranger', 'stranger-ca', 'extendedKeyUsage=clientAuth\n');
    for (const name of ['relying-party', 'stranger']) {
      openssl('pkcs12', '-export', '-in', `${name}.pem`, '-inkey', `${name}.key`, '-out', `${name}.p12`, '-passout', 'pass:qwerty123');
    }
    const read = (file: string) => readFileSync(join(folder, file));
    return {
      ca: read('test-bankid-ca.pem'),
      serverKey: read('server.key'),
      serverCert: read('server.pem'),
      clientPfx: read('relying-party.p12'),
      strangerPfx: read('stranger.p12'),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('BankID RP client over mutual TLS', { skip }, () => {
  let material: Material;
  let server: ServerType;
  let base: string;

  before(async () => {
    material = makeCertificates();
    const app = localBankIdServer();
    await new Promise<void>((resolve) => {
      server = serve(
        {
          fetch: app.fetch,
          port: 0,
          hostname: '127.0.0.1',
          createServer,
          serverOptions: { key: material.serverKey, cert: material.serverCert, ca: material.ca, requestCert: true, rejectUnauthorized: true },
        },
        () => resolve(),
      );
    });
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}/rp/v6.0/`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('with the relying party certificate and the CA: the API answers', async () => {
    const bankid = createBankIdRpClient({ baseUrl: base, pfx: material.clientPfx, passphrase: 'qwerty123', ca: material.ca });
    const order = await bankid.auth({ endUserIp: '192.0.2.10' });
    assert.deepEqual(await bankid.collect(order.orderRef), { status: 'pending', hintCode: 'outstandingTransaction' });
    await bankid.cancel(order.orderRef);
  });

  it('without a client certificate, or with one the server does not trust: BankIdError', async () => {
    const anonymous = createBankIdRpClient({ baseUrl: base, ca: material.ca });
    await assert.rejects(anonymous.auth({ endUserIp: '192.0.2.10' }), (error: unknown) => error instanceof BankIdError && error.errorCode === 'unreachable');
    const stranger = createBankIdRpClient({ baseUrl: base, pfx: material.strangerPfx, passphrase: 'qwerty123', ca: material.ca });
    await assert.rejects(stranger.auth({ endUserIp: '192.0.2.10' }), (error: unknown) => error instanceof BankIdError && error.errorCode === 'unreachable');
  });

  it('a server whose certificate is not from the given CA is refused', async () => {
    // Without `ca`, the system's trust store applies, which does not know the test CA.
    const noCa = createBankIdRpClient({ baseUrl: base, pfx: material.clientPfx, passphrase: 'qwerty123' });
    await assert.rejects(noCa.auth({ endUserIp: '192.0.2.10' }), (error: unknown) => {
      assert.ok(error instanceof BankIdError);
      assert.equal(error.errorCode, 'unreachable');
      assert.match(error.message, /certificate/i);
      return true;
    });
  });

  it('a wrong passphrase shows when the client is made', () => {
    assert.throws(() => createBankIdRpClient({ baseUrl: base, pfx: material.clientPfx, passphrase: 'wrong', ca: material.ca }), BankIdCertificateError);
  });
});
