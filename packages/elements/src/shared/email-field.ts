import { limits } from '@portico/contract';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Localizer } from '../i18n/localize-controller.ts';

/**
 * The e-mail field of every form that asks for one (sign-in, sign-up, forgotten password, invitation). One markup
 * everywhere, so browsers and password managers recognise the account's username the same way in each flow.
 */
export function emailField(t: Localizer, options: { id: string; value: string; invalid: boolean; describedBy: string | undefined; maxLength?: number }) {
  return usernameField(t, { ...options, customerId: false });
}

/**
 * The username field of the forms that may also take an old customer-ID login (customer-ID migration): with `customerId`,
 * "E-mail or customer ID", a text input (a customer ID is not an e-mail address) that password managers still know
 * as the username; else the same as `emailField`. One template for both, so the input (and what is typed in it)
 * stays when the policy arrives after the form is on screen.
 */
export function usernameField(
  t: Localizer,
  options: {
    id: string;
    value: string;
    invalid: boolean;
    describedBy: string | undefined;
    maxLength?: number;
    customerId: boolean;
    /** Passkeys sign in here: the browser may list them in this field's autofill (`autocomplete="username webauthn"`). */
    webauthn?: boolean;
  },
) {
  return html`<portico-field>
    <label slot="label" for=${options.id}>${t.msg(options.customerId ? 'identifierLabel' : 'emailLabel')}</label>
    <input
      id=${options.id}
      name="username"
      type=${options.customerId ? 'text' : 'email'}
      autocomplete=${options.webauthn ? 'username webauthn' : 'username'}
      inputmode=${ifDefined(options.customerId ? undefined : 'email')}
      autocapitalize="off"
      spellcheck="false"
      required
      maxlength=${options.maxLength ?? limits.emailMaxLength}
      value=${options.value}
      aria-invalid=${options.invalid ? 'true' : 'false'}
      aria-describedby=${ifDefined(options.describedBy)}
    />
  </portico-field>`;
}
