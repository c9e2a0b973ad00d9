import { limits } from '@portico/contract';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { msg } from '../i18n/msg.ts';

/**
 * The e-mail field of every form that asks for one (sign-in, sign-up, forgotten password, invitation). One markup
 * everywhere, so browsers and password managers recognise the account's username the same way in each flow.
 */
export function emailField(options: {
  id: string;
  value: string;
  invalid: boolean;
  describedBy: string | undefined;
  maxLength?: number;
}) {
  return html`<portico-field>
    <label slot="label" for=${options.id}>${msg('emailLabel')}</label>
    <input
      id=${options.id}
      name="username"
      type="email"
      autocomplete="username"
      inputmode="email"
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
