import { createPorticoClient } from '@portico/client';
import type { PorticoErrorDetail, SignedInDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { newestOutboxId, readMailedLinkToken } from '../../../client/src/test-support.ts';
import { seedUser } from '../../../../test/support/seed-user.ts';
import { seedCustomerIdLogin } from '../account-test-support.ts';
import { button, expectFocused, freshEmail, heading, message, textOf, typeInto, waitUntil } from '../test-helpers.ts';
import type { PorticoAuth } from './portico-auth.ts';
import './portico-auth.ts';

// Old customer-ID logins moving to e-mail logins (customer-ID migration), through the real server (preset `hosting`, where
// customer IDs still sign in): reset by customer ID, sign in with it, register an e-mail login, set credentials.

const client = createPorticoClient();

/** A <portico-auth> once the policy is known (the sign-in form then takes a customer ID). */
async function authElement(): Promise<PorticoAuth> {
  const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
  await waitUntil(() => identifierInput(el)?.labels?.[0]?.textContent?.trim() === 'E-mail or customer ID', 'the policy did not load');
  return el;
}

/** A <portico-auth> created on a page opened from a mailed link (`#portico-link=…`). */
async function openedFromLink(token: string): Promise<PorticoAuth> {
  history.replaceState(null, '', `${location.pathname}${location.search}#portico-link=${token}`);
  const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
  await waitUntil(() => message(el)?.textContent?.trim() !== 'Checking your link…', 'link check did not finish', { timeout: 5000 });
  await el.updateComplete;
  return el;
}

const identifierInput = (el: Element) => el.querySelector<HTMLInputElement>('portico-login-form input[autocomplete~="username"]');
const alertText = (el: Element, selector: string) => textOf(el.querySelector(`${selector} form [role="alert"]`));

/** Types the identifier and password into the sign-in form and presses Enter. */
async function signIn(el: PorticoAuth, identifier: string, password: string): Promise<void> {
  await typeInto(identifierInput(el), identifier);
  await typeInto(el.querySelector('portico-login-form input[autocomplete="current-password"]'), password);
  await sendKeys({ press: 'Enter' });
}

/** Has the server mail the verification link of `register_email` to `email` (customer-ID migration) by the API. */
async function registerByApi(customerId: string, password: string, email: string): Promise<string> {
  const step = await client.signIn({ identifier: customerId, password });
  if (step.step !== 'register_email') throw new Error(`signing in with ${customerId} answered ${step.step}`);
  const after = await newestOutboxId(email);
  const sent = await client.registerCustomerIdEmail({ token: step.token, email });
  expect(sent).to.deep.equal({ step: 'check_email', email });
  return readMailedLinkToken(email, { after });
}

describe('<portico-auth> with old customer-ID logins', () => {
  afterEach(() => history.replaceState(null, '', `${location.pathname}${location.search}`));
  after(() => client.signOut());

  it('labels the sign-in and reset fields "E-mail or customer ID", as text inputs for the username', async () => {
    const el = await authElement();
    const identifier = identifierInput(el)!;
    expect(identifier.type).to.equal('text');
    expect(identifier.name).to.equal('username');

    button(el, 'Forgot password?').click();
    await el.updateComplete;
    const reset = el.querySelector<HTMLInputElement>('portico-forgot-password input[autocomplete~="username"]');
    expect(reset?.labels?.[0]?.textContent?.trim()).to.equal('E-mail or customer ID');
    expect(reset?.type).to.equal('text');
    expect(textOf(el.querySelector('portico-forgot-password form p'))).to.include('or your customer ID');
    await expect(el).to.be.accessible();
  });

  it("resets a customer ID's password through its main contact, without naming the address (steps 1–3)", async function () {
    this.timeout(30_000);
    const { account, mainContactEmail } = await seedCustomerIdLogin('Tulip Servers');
    const el = await authElement();

    // 1. Ask for a reset with the customer ID (typed in lower case, as people do).
    button(el, 'Forgot password?').click();
    await el.updateComplete;
    const after = await newestOutboxId(mainContactEmail);
    await typeInto(el.querySelector('portico-forgot-password input[autocomplete~="username"]'), account.customerId.toLowerCase());
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => heading(el) === 'Check your e-mail', 'no confirmation');
    await el.updateComplete;

    // 2. The link went to the main contact, who is not named.
    const status = el.querySelector<HTMLElement>('portico-forgot-password [role="status"]');
    expect(textOf(status)).to.equal(
      `If ${account.customerId} signs in with its customer ID, we have sent a reset link to the account's main contact e-mail address. Customer Care can tell you which address that is.`,
    );
    expect(textOf(el)).to.not.include(mainContactEmail);
    expectFocused(status);
    await expect(el).to.be.accessible();

    // 3. The link: a new password for the customer ID, which is the username password managers save it for.
    const token = await readMailedLinkToken(mainContactEmail, { after });
    el.remove();
    const opened = await openedFromLink(token);
    expect(heading(opened)).to.equal('Choose a new password');
    expect(textOf(opened.querySelector('portico-set-password form p'))).to.equal(`New password for customer ID ${account.customerId}`);
    expect(opened.querySelector<HTMLInputElement>('portico-set-password input[autocomplete~="username"]')?.value).to.equal(account.customerId);
    expect(textOf(opened)).to.not.include(mainContactEmail);
    await waitUntil(() => opened.querySelector('[role="list"]'), 'no password checklist');
    const rules = [...opened.querySelectorAll('[role="list"] li')].map((item) => item.getAttribute('data-rule'));
    expect(rules).to.include.members(['minLength', 'lowercase', 'uppercase', 'digit', 'special']);
    await expect(opened).to.be.accessible();

    const password = `Tulip-${crypto.randomUUID().slice(0, 8)}x-1`;
    await typeInto(opened.querySelector('input[name="new-password"]'), password);
    await typeInto(opened.querySelector('input[name="confirm-password"]'), password);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => opened.querySelector('portico-login-form'), 'no sign-in form after setting the password');
    await opened.updateComplete;
    expect(textOf(message(opened))).to.equal('Your password has been set. Sign in with your new password.');
    expect(identifierInput(opened)?.value).to.equal(account.customerId);
  });

  it('registers an e-mail login for a customer ID: e-mail, link, a password unlike the old one, sign in (steps 4–10)', async function () {
    this.timeout(40_000);
    const { account, password: customerIdPassword } = await seedCustomerIdLogin('Orchid Hosting');
    const email = freshEmail('registers');
    const el = await authElement();

    // 4–5. Signing in with the customer ID asks for a user e-mail address.
    await signIn(el, account.customerId, customerIdPassword);
    await waitUntil(() => el.querySelector('portico-register-email form'), 'no register-email step');
    await el.updateComplete;
    expect(heading(el)).to.equal('Register your e-mail login');
    expect(textOf(el.querySelector('portico-register-email form p'))).to.include(`Customer ID ${account.customerId} needs a user e-mail address`);
    const input = el.querySelector<HTMLInputElement>('portico-register-email input[type="email"]');
    expectFocused(input);
    expect(textOf(el.querySelector('portico-register-email button[type="submit"]'))).to.equal('Submit');
    await expect(el).to.be.accessible();

    // 6. "Check your e-mail", with the address.
    const after = await newestOutboxId(email);
    await typeInto(input, email);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => heading(el) === 'Check your e-mail', 'no check-email step');
    await el.updateComplete;
    const status = el.querySelector<HTMLElement>('portico-register-email [role="status"]');
    expect(textOf(status)).to.include(`We have sent a verification link to ${email}.`);
    expectFocused(status);
    await expect(el).to.be.accessible();

    // 7–8. The link: "Set credentials", for the e-mail address.
    const token = await readMailedLinkToken(email, { after });
    el.remove();
    const opened = await openedFromLink(token);
    expect(heading(opened)).to.equal('Set credentials');
    expect(opened.querySelector<HTMLInputElement>('portico-set-credentials input[autocomplete~="username"]')?.value).to.equal(email);
    await waitUntil(() => opened.querySelector('portico-set-credentials [role="list"]'), 'no password checklist');
    expectFocused(opened.querySelector('input[name="new-password"]'));
    expect(textOf(opened.querySelector('portico-set-credentials button[type="submit"]'))).to.equal('Set credentials');
    await expect(opened).to.be.accessible();

    // The customer ID's password again: refused, it has to be a different one.
    const failed = oneEvent(opened, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    const next = opened.querySelector<HTMLInputElement>('input[name="new-password"]');
    const confirm = opened.querySelector<HTMLInputElement>('input[name="confirm-password"]');
    await typeInto(next, customerIdPassword);
    await typeInto(confirm, customerIdPassword);
    await sendKeys({ press: 'Enter' });
    expect((await failed).detail.code).to.equal('weak_password');
    await opened.updateComplete;
    expect(alertText(opened, 'portico-set-credentials')).to.equal('Choose another password. It must meet: Different from your current password.');
    expect(opened.querySelector('[data-rule="notCurrent"]')?.getAttribute('data-met')).to.equal('false');
    expectFocused(next);

    // 9. A new one: the registration confirmation, with the e-mail address filled in.
    const newPassword = `Orchid-${crypto.randomUUID().slice(0, 8)}x-2`;
    await typeInto(next, newPassword);
    await typeInto(confirm, newPassword);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => opened.querySelector('portico-login-form'), 'no sign-in form after setting the credentials');
    await opened.updateComplete;
    expect(heading(opened)).to.equal('Sign in');
    expect(textOf(message(opened))).to.equal(
      `Your e-mail login has been registered for customer ID ${account.customerId}. Sign in with your e-mail address and new password.`,
    );
    expect(opened.shadowRoot?.activeElement).to.equal(message(opened));
    expect(identifierInput(opened)?.value).to.equal(email);
    await expect(opened).to.be.accessible();

    // 10. Sign in with the e-mail address and the new password: in the customer ID's account.
    const signedIn = oneEvent(opened, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
    await typeInto(opened.querySelector('input[autocomplete="current-password"]'), newPassword);
    await sendKeys({ press: 'Enter' });
    const done = (await signedIn).detail;
    expect(done.user.email).to.equal(email);
    expect(done.accounts.map((linked) => linked.customerId)).to.deep.equal([account.customerId]);
    await opened.signOut();
  });

  it("links a customer ID to an existing login with that login's password, wrong then right", async function () {
    this.timeout(30_000);
    const user = await seedUser('links-existing');
    const { account, password: customerIdPassword } = await seedCustomerIdLogin('Lotus Cloud');
    const token = await registerByApi(account.customerId, customerIdPassword, user.email);

    const el = await openedFromLink(token);
    expect(heading(el)).to.equal('Confirm with your password');
    expect(textOf(el.querySelector('portico-set-credentials form p'))).to.equal(
      `${user.email} already has a login. Enter its password to link customer ID ${account.customerId} to it.`,
    );
    expect(el.querySelector<HTMLInputElement>('portico-set-credentials input[autocomplete~="username"]')?.value).to.equal(user.email);
    const password = el.querySelector<HTMLInputElement>('portico-set-credentials input[autocomplete="current-password"]');
    expect(el.querySelector('input[name="new-password"]')).to.equal(null);
    expectFocused(password);
    expect(textOf(el.querySelector('portico-set-credentials button[type="submit"]'))).to.equal('Link account');
    await expect(el).to.be.accessible();

    // A wrong password: said so, kept, selected for retyping.
    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await typeInto(password, 'Not-the-password-1!');
    await sendKeys({ press: 'Enter' });
    expect((await failed).detail.code).to.equal('invalid_credentials');
    await el.updateComplete;
    expect(alertText(el, 'portico-set-credentials')).to.equal('The password is incorrect.');
    expectFocused(password);
    expect(password?.value).to.equal('Not-the-password-1!');
    expect(password?.getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
    // Retyping it: the error no longer describes what is in the field, and goes at the first key.
    await sendKeys({ type: 'x' });
    await el.updateComplete;
    expect(alertText(el, 'portico-set-credentials')).to.equal('');
    expect(password?.getAttribute('aria-invalid')).to.not.equal('true');

    // The right one: the customer ID is linked; sign in with the e-mail address.
    await typeInto(password, user.password);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.querySelector('portico-login-form'), 'no sign-in form after linking');
    await el.updateComplete;
    expect(textOf(message(el))).to.equal(`Customer ID ${account.customerId} is now linked to your login. Sign in with your e-mail address.`);
    expect(identifierInput(el)?.value).to.equal(user.email);
  });

  it('sends a migrated customer ID to its e-mail login (customer_id_migrated)', async function () {
    this.timeout(30_000);
    const user = await seedUser('migrated');
    const { account, password: customerIdPassword } = await seedCustomerIdLogin('Iris Networks');
    const token = await registerByApi(account.customerId, customerIdPassword, user.email);
    const link = await client.inspectLink({ token });
    if (link.step !== 'set_credentials') throw new Error(`the link answered ${link.step}`);
    await client.setCustomerIdCredentials({ token: link.token, password: user.password });

    const el = await authElement();
    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await signIn(el, account.customerId, customerIdPassword);
    const { detail } = await failed;
    expect(detail.code).to.equal('customer_id_migrated');
    expect(detail.message).to.equal('This customer ID now signs in with the e-mail login registered for it. Sign in with that e-mail address.');
    await el.updateComplete;
    expect(alertText(el, 'portico-login-form')).to.equal(detail.message);
    // The username is what has to change.
    expectFocused(identifierInput(el));
    await expect(el).to.be.accessible();

    // Typing the e-mail address over it: the message about the customer ID goes.
    await sendKeys({ type: user.email });
    await el.updateComplete;
    expect(alertText(el, 'portico-login-form')).to.equal('');
    expect(identifierInput(el)?.getAttribute('aria-invalid')).to.not.equal('true');
  });
});
