import type { PorticoErrorDetail, SignedInDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { readMailedLinkToken } from '../../../client/src/test-support.ts';
import { seedUser } from '../../../../test/support/seed-user.ts';
import type { PorticoAuth } from './portico-auth.ts';
import './portico-auth.ts';
import { button, heading, message, typeInto, waitUntil } from '../test-helpers.ts';

// Forgotten password, end to end through the real server: request, mail (dev outbox), link, new password, sign-in.

/** A <portico-auth> created on a page opened from a mailed link (`#portico-link=…`). */
async function openedFromLink(token: string, otherHash = ''): Promise<PorticoAuth> {
  history.replaceState(null, '', `${location.pathname}${location.search}#${otherHash}${otherHash ? '&' : ''}portico-link=${token}`);
  const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
  // Connecting took the token and shows "Checking your link…" until the server has answered.
  await waitUntil(() => message(el)?.textContent?.trim() !== 'Checking your link…', 'link check did not finish', { timeout: 5000 });
  await el.updateComplete;
  return el;
}

describe('<portico-auth> forgotten password', () => {
  afterEach(() => history.replaceState(null, '', `${location.pathname}${location.search}`));

  it('"Forgot password?" leads to the reset request and back, by keyboard', async () => {
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    button(el, 'Forgot password?').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;

    expect(heading(el)).to.equal('Reset your password');
    const email = el.querySelector<HTMLInputElement>('portico-forgot-password input[autocomplete~="username"]');
    expect(document.activeElement).to.equal(email);
    await expect(el).to.be.accessible();

    button(el, 'Back to sign in').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(heading(el)).to.equal('Sign in');
    expect(el.querySelector('portico-login-form')).to.not.equal(null);
    expect(document.activeElement).to.equal(el.querySelector('input[autocomplete~="username"]'));
  });

  it('resets the password: check e-mail, link, weak then good password, sign in with it', async function () {
    this.timeout(30_000); // five password hashes and a mail on their way through the real server
    const { email } = await seedUser('reset-flow');
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);

    // 1. Ask for a link.
    button(el, 'Forgot password?').click();
    await el.updateComplete;
    await typeInto(el.querySelector('portico-forgot-password input[autocomplete~="username"]'), email);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => heading(el) === 'Check your e-mail', 'no check-email step');
    await el.updateComplete;
    const status = el.querySelector<HTMLElement>('[role="status"]');
    expect(status?.textContent).to.include(`If ${email} belongs to an account, we have sent a link`);
    expect(document.activeElement).to.equal(status);
    await expect(el).to.be.accessible();

    // 2. Open the mailed link: the token leaves the address bar, other fragment content stays.
    const token = await readMailedLinkToken(email);
    el.remove();
    const opened = await openedFromLink(token, 'tab=security');
    expect(location.hash).to.equal('#tab=security');
    expect(heading(opened)).to.equal('Choose a new password');
    expect(opened.querySelector('portico-set-password form p')?.textContent?.trim()).to.equal(`Account: ${email}`);
    expect(opened.querySelector<HTMLInputElement>('input[autocomplete~="username"]')?.value).to.equal(email);
    await waitUntil(() => opened.querySelector('[role="list"]'), 'no password checklist');
    await expect(opened).to.be.accessible();

    // 3. A weak password: the server's rules are listed in the alert.
    const next = opened.querySelector<HTMLInputElement>('input[name="new-password"]');
    const confirm = opened.querySelector<HTMLInputElement>('input[name="confirm-password"]');
    const failed = oneEvent(opened, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await typeInto(next, 'P@ssw0rd');
    await typeInto(confirm, 'P@ssw0rd');
    await sendKeys({ press: 'Enter' });
    expect((await failed).detail.code).to.equal('weak_password');
    await opened.updateComplete;
    expect(opened.querySelector('portico-set-password form > [role="alert"]')?.textContent?.trim()).to.equal(
      'Choose another password. It must meet: Not a commonly used password.',
    );
    expect(document.activeElement).to.equal(next);

    // 4. A good one: back to sign-in, with the notice and the e-mail filled in.
    const newPassword = `Reset-${crypto.randomUUID().slice(0, 8)}x-3`;
    await typeInto(next, newPassword);
    await typeInto(confirm, newPassword);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => opened.querySelector('portico-login-form'), 'no sign-in form after setting the password');
    await opened.updateComplete;
    expect(heading(opened)).to.equal('Sign in');
    expect(message(opened)?.textContent?.trim()).to.equal('Your password has been set. Sign in with your new password.');
    expect(opened.shadowRoot?.activeElement).to.equal(message(opened));
    const identifier = opened.querySelector<HTMLInputElement>('input[name="username"]');
    expect(identifier?.value).to.equal(email);
    await expect(opened).to.be.accessible();

    // 5. A typo first: its error replaces the notice, which would otherwise say all is well beside it.
    const refused = oneEvent(opened, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await typeInto(opened.querySelector('input[autocomplete="current-password"]'), `${newPassword}x`);
    await sendKeys({ press: 'Enter' });
    expect((await refused).detail.code).to.equal('invalid_credentials');
    await opened.updateComplete;
    expect(message(opened)).to.equal(null, 'the old notice is gone');
    expect(opened.querySelector('[role="alert"]')?.textContent?.trim()).to.equal('The e-mail address or password is incorrect.');

    // 6. Sign in with the new password.
    const signedIn = oneEvent(opened, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
    await typeInto(opened.querySelector('input[autocomplete="current-password"]'), newPassword);
    await sendKeys({ press: 'Enter' });
    expect((await signedIn).detail.user.email).to.equal(email);
    await opened.signOut();
  });

  it('acts at once on a mailed link pasted into the open tab', async () => {
    const { email } = await seedUser('pasted-link');
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    button(el, 'Forgot password?').click();
    await el.updateComplete;
    await typeInto(el.querySelector('portico-forgot-password input[autocomplete~="username"]'), email);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => heading(el) === 'Check your e-mail', 'no check-email step');
    const token = await readMailedLinkToken(email);

    // The person pastes the link into the address bar of this tab: only the fragment changes, the page stays.
    location.hash = `portico-link=${token}`;
    await waitUntil(() => heading(el) === 'Choose a new password', 'the pasted link was not acted on', { timeout: 5000 });
    expect(location.hash).to.equal('', 'the token left the address bar');
  });

  it('explains an unusable link and offers a new one or the way back', async () => {
    const failed = new Promise<CustomEvent<PorticoErrorDetail>>((resolve) =>
      document.addEventListener('portico-error', resolve as EventListener, { once: true }),
    );
    const el = await openedFromLink('A'.repeat(43));

    expect(location.hash).to.equal('');
    expect((await failed).detail.code).to.equal('invalid_link');
    expect(heading(el)).to.equal('This link cannot be used');
    expect(message(el)?.textContent?.trim()).to.equal('This link is not valid. It may have been used already. Request a new one.');
    expect(el.shadowRoot?.activeElement).to.equal(message(el));
    await expect(el).to.be.accessible();

    button(el, 'Request a new link').click();
    await el.updateComplete;
    expect(heading(el)).to.equal('Reset your password');
    button(el, 'Back to sign in').click();
    await el.updateComplete;
    expect(el.querySelector('portico-login-form')).to.not.equal(null);
  });

  it('treats a malformed token as an invalid link too', async () => {
    const el = await openedFromLink('short');
    expect(heading(el)).to.equal('This link cannot be used');
    expect(message(el)?.textContent?.trim()).to.equal('This link is not valid. It may have been used already. Request a new one.');
  });
});
