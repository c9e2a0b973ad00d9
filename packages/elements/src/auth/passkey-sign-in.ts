import { PorticoApiError, type PorticoClient } from '@portico/client';
import type { AuthStep, DoneStep, Locale } from '@portico/contract';
import {
  addPasskey,
  cancelPasskeyRequest,
  type ChosenPasskey,
  choosePasskey,
  forgetUnknownPasskey,
  isCancelled,
  signInWithPasskey,
} from '../shared/passkey-ceremonies.ts';

/** What `<portico-auth>` lends the passkey sign-in: its client and language, its busy flags, and its way of showing steps and errors. */
export interface PasskeySignInHost {
  readonly client: PorticoClient;
  readonly locale: Locale | undefined;
  /** A password sign-in is under way. */
  readonly passwordBusy: boolean;
  /** A passkey sign-in or the addition of one is under way (its button shows progress). */
  passkeyBusy: boolean;
  clearError(): void;
  fail(error: unknown): Promise<void>;
  /** Shows the server's answer, as after a password sign-in (the account picker, signed in). */
  show(next: AuthStep): Promise<void>;
  /** The offer after a password sign-in is over: signed in, with a passkey added or not. */
  endOffer(done: DoneStep, added: boolean): Promise<void>;
}

/**
 * A passkey request waiting on the autofill is renewed this often, before the server's challenge (five minutes)
 * expires under it.
 */
const autofillRenewMs = 4 * 60_000;

/**
 * `<portico-auth>`'s passkeys, loaded after its first render where the policy offers them: "Sign in with a passkey",
 * the passkey request that waits on the e-mail field's autofill list (conditional mediation) while the sign-in form
 * shows, and "Add a passkey" on the offer after a password sign-in.
 */
export class PasskeySignIn {
  /** A passkey request waits on the autofill list. */
  private waiting = false;
  /**
   * The autofill is not asked again by itself: a passkey it gave was refused (the browser might hand it again at
   * once), or the browser refused the request. Focusing the e-mail field asks again.
   */
  private paused = false;
  /** The waiting request was ended to be renewed, not for good. */
  private renewing = false;

  constructor(private readonly host: PasskeySignInHost) {}

  /** Keeps a request waiting on the autofill while the sign-in form shows (and nothing else is under way); ends it when the form goes. */
  keepAutofill(onForm: boolean): void {
    if (onForm && !this.waiting && !this.paused && !this.host.passwordBusy && !this.host.passkeyBusy) void this.waitForAutofill();
    else if (!onForm && this.waiting) cancelPasskeyRequest();
  }

  /** The user is back at the e-mail field: a request refused earlier waits on the autofill again. */
  resumeAutofill(): void {
    if (!this.paused) return;
    this.paused = false;
    this.keepAutofill(true);
  }

  /** "Sign in with a passkey": the browser's passkey dialog (ending the autofill's request), then the sign-in. */
  async signInWithButton(): Promise<void> {
    const { host } = this;
    if (host.passkeyBusy || host.passwordBusy) return;
    host.clearError();
    host.passkeyBusy = true;
    let chosen: ChosenPasskey | null;
    try {
      chosen = await choosePasskey(host.client, 'modal');
    } catch (error) {
      host.passkeyBusy = false;
      // Closing the browser's dialog is a choice, not a failure.
      if (!isCancelled(error)) await host.fail(error);
      return;
    }
    if (chosen) await this.signIn(chosen);
    else host.passkeyBusy = false;
  }

  /** "Add a passkey" on the offer after a password sign-in; closing the browser's dialog leaves the offer as it was. */
  async addFromOffer(done: DoneStep): Promise<void> {
    const { host } = this;
    if (host.passkeyBusy) return;
    host.clearError();
    host.passkeyBusy = true;
    try {
      await addPasskey(host.client);
    } catch (error) {
      host.passkeyBusy = false;
      if (!isCancelled(error)) await host.fail(error);
      return;
    }
    host.passkeyBusy = false;
    await host.endOffer(done, true);
  }

  private async waitForAutofill(): Promise<void> {
    this.waiting = true;
    const renew = setTimeout(() => {
      this.renewing = true;
      cancelPasskeyRequest();
    }, autofillRenewMs);
    // What became of the request: a passkey chosen; none (this browser has no autofill list); ended here (the form
    // went, the button took over, a renewal); or refused by the browser. No message in any case: the autofill is an
    // extra beside the form and the button.
    let chosen: ChosenPasskey | null = null;
    let refused = false;
    try {
      chosen = await choosePasskey(this.host.client, 'autofill');
    } catch (error) {
      refused = !isCancelled(error) || (error instanceof Error && error.name === 'NotAllowedError');
    } finally {
      clearTimeout(renew);
      this.waiting = false;
    }
    if (this.renewing) {
      this.renewing = false;
      this.keepAutofill(true);
    } else if (chosen) await this.signIn(chosen);
    else if (refused) this.paused = true;
  }

  private async signIn(chosen: ChosenPasskey): Promise<void> {
    const { host } = this;
    host.clearError();
    host.passkeyBusy = true;
    let next: AuthStep;
    try {
      next = await signInWithPasskey(host.client, chosen, host.locale);
    } catch (error) {
      const code = error instanceof PorticoApiError ? error.code : null;
      // The browser may hand the same passkey again at once: the autofill waits until the user is back at the field.
      // An expired challenge is no fault of the passkey: the autofill asks again at once.
      this.paused = code !== 'passkey_expired';
      if (code === 'passkey_unknown') forgetUnknownPasskey(chosen);
      host.passkeyBusy = false;
      await host.fail(error);
      return;
    }
    host.passkeyBusy = false;
    await host.show(next);
  }
}
