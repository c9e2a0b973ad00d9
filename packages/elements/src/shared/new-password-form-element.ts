import type { PorticoNewPassword } from '../new-password/portico-new-password.ts';
import { LightDomFormElement } from './light-dom-form-element.ts';

/**
 * Base of the light-DOM forms that hold a `<portico-new-password>`. Their `updateComplete` also waits for that
 * nested element, so after `await form.updateComplete` its inputs, checklist and mismatch message are rendered too.
 */
export abstract class NewPasswordFormElement extends LightDomFormElement {
  protected get newPassword(): PorticoNewPassword | null {
    return this.querySelector('portico-new-password');
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const settled = await super.getUpdateComplete();
    return (await this.newPassword?.updateComplete) ?? settled;
  }
}
