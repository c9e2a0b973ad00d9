import type { CDPSession, Page } from 'puppeteer-core';

/** A passkey as Chromium's virtual authenticator holds it (private key included, so it can move to another one). */
export interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

/**
 * Chromium's virtual authenticator (DevTools protocol `WebAuthn.*`) on one page: a platform authenticator with
 * passkeys (resident credentials) and user verification, which answers every request at once as a user touching it
 * would. A conditional request (the passkey autofill) is answered at once too, as if the user chose the passkey from
 * the list, whenever the authenticator holds a passkey for the site.
 */
export class VirtualAuthenticator {
  private constructor(
    private readonly cdp: CDPSession,
    private id: string,
  ) {}

  static async attach(page: Page): Promise<VirtualAuthenticator> {
    const cdp = await page.createCDPSession();
    await cdp.send('WebAuthn.enable');
    return new VirtualAuthenticator(cdp, await VirtualAuthenticator.add(cdp));
  }

  private static async add(cdp: CDPSession): Promise<string> {
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    return authenticatorId;
  }

  async credentials(): Promise<VirtualCredential[]> {
    const { credentials } = await this.cdp.send('WebAuthn.getCredentials', { authenticatorId: this.id });
    return credentials;
  }

  /** The device is unplugged (or another browser without it is in use): no authenticator answers. */
  async detach(): Promise<void> {
    await this.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: this.id });
  }

  /** An authenticator is plugged in again, holding `credentials`. */
  async reattach(credentials: readonly VirtualCredential[]): Promise<void> {
    this.id = await VirtualAuthenticator.add(this.cdp);
    for (const credential of credentials) await this.cdp.send('WebAuthn.addCredential', { authenticatorId: this.id, credential });
  }
}
