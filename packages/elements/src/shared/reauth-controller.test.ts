import { PorticoApiError } from '@portico/client';
import { createPorticoClient } from '@portico/client';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { property } from 'lit/decorators.js';
import { seedUser } from '../../../../test/support/seed-user.ts';
import { defineElement } from '../define.ts';
import { button, expectFocused, textOf, typeInto, waitUntil } from '../test-helpers.ts';
import { LightDomFormElement } from './light-dom-form-element.ts';
import { ReauthController } from './reauth-controller.ts';

// The password prompt before a change the server wants re-confirmed, against the real server's reauth endpoint.

class ReauthProbe extends LightDomFormElement {
  @property() accessor api = '';
  @property() accessor email = '';
  readonly reauth = new ReauthController(this);

  protected override renderForm() {
    return this.reauth.active ? this.reauth.render() : html`<button type="button">Change something</button>`;
  }
}
defineElement('portico-reauth-probe', ReauthProbe);

const client = createPorticoClient();

describe('ReauthController', () => {
  after(() => client.signOut());

  it('asks for the password when the server wants it, then retries the change once', async function () {
    this.timeout(20_000);
    const { email, password } = await seedUser('reauth');
    await client.signIn({ identifier: email, password });
    const el = await fixture<ReauthProbe>(html`<portico-reauth-probe .email=${email}></portico-reauth-probe>`);
    let calls = 0;
    const change = async () => {
      calls += 1;
      if (calls === 1) throw new PorticoApiError(403, 'reauth_required', 'Confirm your password first.');
      return 'changed';
    };
    const result = el.reauth.run(change);
    await waitUntil(() => el.querySelector('input[type="password"]'), 'no password prompt');
    await el.updateComplete;
    expect(textOf(el.querySelector('form p'))).to.equal('For your security, enter your password to continue.');
    expect(el.querySelector('form')?.getAttribute('aria-label')).to.equal('Confirm it is you');
    expectFocused(el.querySelector('input[autocomplete="current-password"]'));
    await expect(el).to.be.accessible();

    await typeInto(el.querySelector('input[autocomplete="current-password"]'), password);
    await sendKeys({ press: 'Enter' });
    expect(await result).to.equal('changed');
    expect(calls).to.equal(2);
    await el.updateComplete;
    expect(el.querySelector('input[type="password"]')).to.equal(null);
  });

  it('resolves null on "Cancel" and passes other failures on', async () => {
    const el = await fixture<ReauthProbe>(html`<portico-reauth-probe></portico-reauth-probe>`);
    const result = el.reauth.run(() => Promise.reject(new PorticoApiError(403, 'reauth_required', '')));
    await waitUntil(() => el.querySelector('input[type="password"]'), 'no password prompt');
    button(el, 'Cancel').click();
    expect(await result).to.equal(null);

    let failure: unknown;
    await el.reauth.run(() => Promise.reject(new PorticoApiError(400, 'invalid_code', ''))).catch((error: unknown) => (failure = error));
    expect((failure as PorticoApiError).code).to.equal('invalid_code');
  });
});
