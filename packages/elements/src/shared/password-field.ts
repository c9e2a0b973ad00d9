import { limits } from '@portico/contract';
import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

/**
 * The field for a password the user already has (sign-in, change of password, re-authentication). One markup
 * everywhere, with `autocomplete="current-password"`, so password managers offer the saved password in each.
 */
export function currentPasswordField(options: {
  id: string;
  label: string;
  /** The form field's name: `password` where it is the only one, `current-password` beside a new one. */
  name: string;
  invalid: boolean;
  describedBy: string | undefined;
  onInput?: () => void;
}) {
  return html`<portico-field>
    <label slot="label" for=${options.id}>${options.label}</label>
    <input
      id=${options.id}
      name=${options.name}
      type="password"
      autocomplete="current-password"
      required
      maxlength=${limits.passwordMaxLength}
      aria-invalid=${options.invalid ? 'true' : 'false'}
      aria-describedby=${ifDefined(options.describedBy)}
      @input=${options.onInput}
    />
  </portico-field>`;
}

/**
 * The account's e-mail as a hidden username beside a password field, so a password manager knows which saved entry
 * the password belongs to (or updates). Nothing when the e-mail is not known.
 */
export function hiddenUsername(email: string) {
  return email ? html`<input type="email" name="username" autocomplete="username" value=${email} hidden readonly />` : nothing;
}
