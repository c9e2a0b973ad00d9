import type { SignedInDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { readMailedLinkToken } from '../../../client/src/test-support.ts';
import type { PorticoAuth } from './portico-auth.ts';
import './portico-auth.ts';
import { button, findButton, freshEmail, heading, message, typeInto, waitUntil } from '../test-helpers.ts';

// Self sign-up through <portico-auth>, against the real server in its default preset (sign-up mode `link`).

describe('<portico-auth> sign-up', () => {
  it('"Create an account" (shown because sign-up is open) leads to the sign-up form and back', async () => {
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    await waitUntil(() => findButton(el, 'Create an account'), 'no "Create an account"');
    button(el, 'Create an account').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;

    expect(heading(el)).to.equal('Create an account');
    const email = el.querySelector<HTMLInputElement>('portico-signup input[autocomplete~="username"]');
    expect(document.activeElement).to.equal(email);
    await expect(el).to.be.accessible();

    button(el, 'Already have an account? Sign in').click();
    await el.updateComplete;
    expect(heading(el)).to.equal('Sign in');
    expect(el.querySelector('portico-login-form')).to.not.equal(null);
  });

  it('offers "No account? Sign up now" after a failed sign-in, whatever the address, and not before', async () => {
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    await waitUntil(() => findButton(el, 'Create an account'), 'no "Create an account"');
    expect(findButton(el, 'No account? Sign up now')).to.equal(undefined);

    await typeInto(el.querySelector('input[autocomplete~="username"]'), freshEmail('auth-no-account'));
    await typeInto(el.querySelector('input[type="password"]'), 'Not-The-Password-1');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => findButton(el, 'No account? Sign up now'), 'no "No account? Sign up now" after a failure');
    // The same offer as "Create an account", not a second one.
    expect(findButton(el, 'Create an account')).to.equal(undefined);
    await expect(el).to.be.accessible();

    button(el, 'No account? Sign up now').click();
    await el.updateComplete;
    expect(heading(el)).to.equal('Create an account');
    // Sign-up by link (this server's policy) does not ask for a name.
    expect(el.querySelector('portico-signup input[name="name"]')).to.equal(null);
  });

  it('signs up by link: check e-mail, the link sets the password, then sign in (registered)', async function () {
    this.timeout(30_000);
    const email = freshEmail('auth-signup');
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    await waitUntil(() => findButton(el, 'Create an account'), 'no "Create an account"');
    button(el, 'Create an account').click();
    await el.updateComplete;
    await typeInto(el.querySelector('portico-signup input[type="email"]'), email);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => heading(el) === 'Check your e-mail', 'no check-email step');
    await el.updateComplete;
    expect(el.querySelector('[role="status"]')?.textContent).to.include(`We have sent a link to ${email}`);
    await expect(el).to.be.accessible();

    await el.openLink(await readMailedLinkToken(email));
    await el.updateComplete;
    expect(heading(el)).to.equal('Choose your password');
    const password = 'Brand-New-Account-42!';
    await typeInto(el.querySelector('input[name="new-password"]'), password);
    await typeInto(el.querySelector('input[name="confirm-password"]'), password);
    expect(findButton(el, 'Create')).to.not.equal(undefined);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => heading(el) === 'Sign in', 'no sign-in form after the password');
    await el.updateComplete;
    expect(message(el)?.textContent?.trim()).to.equal('Your account has been created. Sign in with your new password.');
    expect(el.querySelector<HTMLInputElement>('input[autocomplete~="username"]')?.value).to.equal(email);

    const signedIn = oneEvent(el, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
    await typeInto(el.querySelector('input[type="password"]'), password);
    await sendKeys({ press: 'Enter' });
    expect((await signedIn).detail.user.email).to.equal(email);
    await el.signOut();
  });

  it('takes an invitation link to the enter_email step and sends the address (check_email)', async () => {
    // A real invitation from the test server's admin API; its welcome mail carries the link.
    const email = `invited-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const invited = await fetch('/__test__/invitations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    expect(invited.status).to.equal(201);
    const welcome = await readMailedLinkToken(email);

    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    await el.openLink(welcome);
    await el.updateComplete;
    expect(heading(el)).to.equal('Confirm your e-mail address');
    const input = el.querySelector<HTMLInputElement>('portico-signup input[type="email"]');
    expect(document.activeElement).to.equal(input);
    await expect(el).to.be.accessible();

    await typeInto(input, email);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => heading(el) === 'Check your e-mail', 'no check-email step');
    await el.updateComplete;
    // The invitation's wording: choosing a password, not "creating an account".
    expect(el.querySelector('[role="status"]')?.textContent?.trim()).to.equal(`We have sent a link to ${email}. Open it to choose your password.`);
    // The second mail (leasing portal) went out with a new link.
    await waitUntil(async () => (await readMailedLinkToken(email)) !== welcome, 'no confirmation mail');
  });
});
