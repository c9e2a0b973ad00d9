import { PorticoApiError } from '@portico/client';
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import '../alert/portico-alert.ts';
import { clientFor, toShownError } from '../api/api.ts';
import '../button/portico-button.ts';
import { uniqueId } from '../define.ts';
import '../field/portico-field.ts';
import type { Localizer } from '../i18n/localize-controller.ts';
import { afterEdit, errorMessage, type ShownError } from '../i18n/error-message.ts';
import '../i18n/en/sign-in-flows.ts';
import '../i18n/en/sign-in-steps.ts';
import { announceError } from '../shared-events.ts';
import { submitButton } from './submit-button.ts';
import { currentPasswordField, hiddenUsername } from './password-field.ts';

/** The element a password prompt belongs to: it renders `render()` in its light DOM and knows its API and account. */
export interface ReauthHost extends ReactiveControllerHost, HTMLElement {
  readonly api: string;
  /** The signed-in user's e-mail, for password managers (a hidden username input); may be empty. */
  readonly email: string;
  /** The host's texts, in its language. */
  readonly i18n: Localizer;
}

interface Prompt {
  /** Texts are written when rendered, in the host's language. */
  intro: () => string;
  submitLabel: () => string;
  resolve: (confirmed: boolean) => void;
  /** Where the focus was when the prompt opened: it goes back there on "Cancel". */
  returnFocus: HTMLElement | null;
}

/**
 * Re-authentication before a change to second factors or recovery data ("confirm it's you"): a password form the
 * host shows in place of its content while `active`. `run(action)` retries an action the server refused with
 * `reauth_required` once the password was accepted (`POST /api/account/reauth`); `ask()` asks for the password
 * up front (disabling 2-step verification is confirmed this way).
 */
export class ReauthController implements ReactiveController {
  private readonly host: ReauthHost;
  private prompt: Prompt | null = null;
  private busy = false;
  private error: ShownError | null = null;
  private readonly inputId = uniqueId('portico-reauth-password');
  private readonly errorId = uniqueId('portico-reauth-error');

  constructor(host: ReauthHost) {
    this.host = host;
    host.addController(this);
  }

  /** Whether the password form is shown (the host shows it instead of its content). */
  get active(): boolean {
    return this.prompt !== null;
  }

  hostDisconnected(): void {
    this.close(false);
  }

  /** Shows the password form; resolves true once the server accepted the password, false on "Cancel". */
  ask(intro: () => string = () => this.host.i18n.msg('reauthIntro'), submitLabel: () => string = () => this.host.i18n.msg('reauthButton')): Promise<boolean> {
    this.close(false);
    const active = document.activeElement;
    return new Promise((resolve) => {
      this.prompt = { intro, submitLabel, resolve, returnFocus: active instanceof HTMLElement ? active : null };
      this.error = null;
      this.host.requestUpdate();
      void this.host.updateComplete.then(() => this.input?.focus());
    });
  }

  /**
   * Runs `action`; if the server wants the password first (`reauth_required`), asks for it and runs `action` once
   * more. Resolves null when the user cancelled; other failures reject as they came.
   */
  async run<T>(action: () => Promise<T>): Promise<T | null> {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof PorticoApiError) || error.code !== 'reauth_required') throw error;
    }
    if (!(await this.ask())) return null;
    return action();
  }

  render() {
    const prompt = this.prompt;
    if (!prompt) return nothing;
    const describedBy = this.error ? this.errorId : undefined;
    return html`<form aria-label=${this.host.i18n.msg('reauthFormLabel')} @submit=${this.onSubmit} @input=${this.onEdit}>
        <p>${prompt.intro()}</p>
        <portico-alert id=${this.errorId}>${this.error ? this.message(this.error) : nothing}</portico-alert>
        ${hiddenUsername(this.host.email)}
        ${currentPasswordField({
          id: this.inputId,
          label: this.host.i18n.msg('passwordLabel'),
          name: 'password',
          invalid: this.error?.code === 'invalid_credentials',
          describedBy,
        })}
        ${submitButton(this.busy, prompt.submitLabel(), this.host.i18n.msg('reauthChecking'))}
      </form>
      <portico-button variant="text">
        <button type="button" @click=${this.onCancel}>${this.host.i18n.msg('cancelButton')}</button>
      </portico-button>`;
  }

  private get input(): HTMLInputElement | null {
    return this.host.querySelector<HTMLInputElement>(`#${this.inputId}`);
  }

  private message(error: ShownError): string {
    return error.code === 'invalid_credentials' ? this.host.i18n.msg('errorPasswordIncorrect') : errorMessage(this.host.i18n, error);
  }

  private close(confirmed: boolean): void {
    const prompt = this.prompt;
    this.prompt = null;
    this.busy = false;
    this.error = null;
    if (!prompt) return;
    this.host.requestUpdate();
    prompt.resolve(confirmed);
  }

  /** The password being edited: "The password is incorrect" no longer describes what is in the field. */
  private readonly onEdit = (): void => {
    const error = afterEdit(this.error);
    if (error === this.error) return;
    this.error = error;
    this.host.requestUpdate();
  };

  private readonly onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const input = this.input;
    if (this.busy || !input) return;
    this.busy = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      await clientFor(this.host.api).reauthenticate({ password: input.value });
    } catch (error) {
      this.busy = false;
      const shown = toShownError(error);
      this.error = shown;
      this.host.requestUpdate();
      await this.host.updateComplete;
      input.focus();
      input.select();
      announceError(this.host, shown, (failure) => this.message(failure));
      return;
    }
    this.close(true);
  };

  private readonly onCancel = async (): Promise<void> => {
    const returnFocus = this.prompt?.returnFocus ?? null;
    this.close(false);
    await this.host.updateComplete;
    if (returnFocus?.isConnected) returnFocus.focus();
  };
}
