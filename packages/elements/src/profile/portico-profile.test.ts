import { createPorticoClient } from '@portico/client';
import type { AccountChangedDetail, PorticoErrorDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { seedUser, unreachableApi } from '../../../../test/support/seed-user.ts';
import { readMailedCode, totpCode } from '../../../client/src/test-support.ts';
import { seedCustomerIdLogin, seedUserWithAccounts } from '../account-test-support.ts';
import { sv } from '../i18n/messages.sv.ts';
import { expectMfaStep } from '../mfa-test-support.ts';
import type { PorticoProfile, ProfileUpdatedDetail } from './portico-profile.ts';
import './portico-profile.ts';
import {
  button,
  expectAnnouncedOnce,
  expectFocused,
  findButton,
  licensingApi,
  licensingServerReady,
  seedLicensingUser,
  textOf,
  typeInto,
  whileOffline,
  waitUntil,
} from '../test-helpers.ts';

// Against the real server (proxied same-origin by web-test-runner.config.mjs).

const client = createPorticoClient();

async function signedIn(name: string) {
  const seeded = await seedUser(name);
  await client.signIn({ identifier: seeded.email, password: seeded.password });
  return seeded;
}

const nameInput = (el: Element) => el.querySelector<HTMLInputElement>('input[autocomplete="name"]');
const accountList = (el: Element) => el.querySelector<HTMLUListElement>('portico-customer-accounts ul[aria-label="Customer accounts"]');
const linkForm = (el: Element) => el.querySelector<HTMLFormElement>('portico-customer-accounts form[aria-label="Link a customer account"]');
const headings = (el: Element) => [...el.querySelectorAll('[role="heading"]')].map((h) => `${h.getAttribute('aria-level')} ${h.textContent?.trim()}`);
/** The links of the profile's menu (in its shadow tree, out of reach of the page's rules for links). */
const menuLinks = (el: PorticoProfile) => [...(el.shadowRoot?.querySelectorAll<HTMLAnchorElement>('nav[part="menu"] a') ?? [])];
/** The element a menu link's address names, in the profile's light DOM. */
const targetOf = (el: PorticoProfile, link: HTMLAnchorElement) => el.querySelector<HTMLElement>(`[id="${link.hash.slice(1)}"]`);

describe('<portico-profile>', () => {
  after(() => client.signOut());

  it("shows the signed-in user's e-mail, name field and password change, in the host's outline", async () => {
    const { email } = await signedIn('profile-shows');
    const el = await fixture<PorticoProfile>(html`<portico-profile heading-level="3"></portico-profile>`);
    await waitUntil(() => nameInput(el), 'the profile did not load');

    // "Customer accounts" once the policy is known: the default server's lets customer IDs be linked.
    await waitUntil(() => linkForm(el), 'no customer accounts section');
    // "Personnummer for BankID" likewise: the default server's policy offers BankID.
    await waitUntil(() => el.querySelector('portico-personal-number input'), 'no personnummer section');
    await waitUntil(() => el.querySelector('portico-sessions [role="heading"]'), 'no sessions section');
    await waitUntil(() => el.querySelector('portico-activity [role="heading"]'), 'no activity section');
    expect(headings(el)).to.deep.equal([
      '3 My details',
      '4 E-mail and name',
      '4 Change password',
      '4 Personnummer for BankID',
      '4 2-step verification',
      '5 Passkeys',
      '4 Where you are signed in',
      '4 Recent activity',
      '4 Customer accounts',
    ]);
    expect(el.querySelector('dd')?.textContent?.trim()).to.equal(email);
    const name = nameInput(el)!;
    expect(name.getRootNode()).to.equal(document);
    expect(name.labels?.[0]?.textContent?.trim()).to.equal('Name');
    expect(name.value).to.equal('');
    const changePassword = el.querySelector('portico-change-password');
    expect(changePassword?.email).to.equal(email);
    await waitUntil(() => el.querySelector('input[autocomplete="current-password"]'), 'no password form');
    // The two-factor section, below "Change password", for the same account.
    const security = el.querySelector('portico-security');
    expect(security?.email).to.equal(email);
    expect(security?.headingLevel).to.equal(5);
    await waitUntil(() => findButton(el, 'Enable 2-step verification'), 'no two-factor section');
    await expect(el).to.be.accessible();
  });

  it('has a menu of its sections; a link takes the focus to its section, also by keyboard, and says where it leads', async function () {
    this.timeout(20_000);
    await signedIn('profile-menu');
    const el = await fixture<PorticoProfile>(html`<portico-profile heading-level="3"></portico-profile>`);
    // Every section of the default server's policy: BankID and customer-ID logins are on.
    await waitUntil(() => menuLinks(el).length === 7, 'the menu does not list every section');
    const nav = el.shadowRoot?.querySelector('nav');
    expect(nav?.getAttribute('aria-label')).to.equal('Sections of My details');
    expect(menuLinks(el).map((link) => textOf(link))).to.deep.equal([
      'E-mail and name',
      'Change password',
      'Personnummer for BankID',
      '2-step verification',
      'Where you are signed in',
      'Recent activity',
      'Customer accounts',
    ]);
    // A real address: the id of the section, whose heading reads as the link does.
    for (const link of menuLinks(el)) {
      const target = targetOf(el, link);
      expect(target, link.href).to.not.equal(null);
      const title = target?.matches('[role="heading"]') ? target : target?.querySelector(':scope > [role="heading"]');
      expect(textOf(title)).to.equal(textOf(link));
    }
    await expect(el).to.be.accessible();

    // By keyboard: Enter on "2-step verification" brings its heading into view and gives it the focus, so reading
    // goes on from there; the page's address (and its history) stays as it was.
    const address = location.href;
    const security = menuLinks(el)[3]!;
    const securityHeading = targetOf(el, security)!;
    expect(securityHeading.getBoundingClientRect().top).to.be.greaterThan(innerHeight, 'the section starts below the fold');
    security.focus();
    await sendKeys({ press: 'Enter' });
    expectFocused(securityHeading);
    const box = securityHeading.getBoundingClientRect();
    expect(box.top).to.be.at.least(0);
    expect(box.bottom).to.be.at.most(innerHeight);
    expect(location.href).to.equal(address);

    // A nested section renders its own heading: that heading takes the focus.
    menuLinks(el)[2]!.click();
    expectFocused(el.querySelector('portico-personal-number > [role="heading"]'));
    await expect(el).to.be.accessible();

    // The menu speaks the profile's language.
    el.setAttribute('lang', 'sv');
    await waitUntil(() => textOf(menuLinks(el)[0]) === 'E-post och namn', 'the menu stayed in English');
    expect(el.shadowRoot?.querySelector('nav')?.getAttribute('aria-label')).to.equal('Avsnitt i Mina uppgifter');
    expect(menuLinks(el).map((link) => textOf(link))).to.deep.equal([
      'E-post och namn',
      'Byt lösenord',
      'Personnummer för BankID',
      sv.securityHeading, // With a soft hyphen, for a narrow screen.
      'Där du är inloggad',
      'Senaste händelser',
      'Kundkonton',
    ]);
  });

  it('lists no section that does not apply: neither BankID nor customer accounts where the policy has neither', async function () {
    this.timeout(60_000);
    await licensingServerReady();
    const { email, password } = await seedLicensingUser('profile-menu-licensing');
    const licensing = createPorticoClient({ baseUrl: licensingApi });
    const step = expectMfaStep(await licensing.signIn({ identifier: email, password }));
    const { code } = await readMailedCode(email, { api: licensingApi });
    await licensing.verifyMfa({ challenge: step.challenge, channel: 'email', code });
    const el = await fixture<PorticoProfile>(html`<portico-profile api=${licensingApi}></portico-profile>`);
    await waitUntil(() => el.querySelector('portico-security p:not([role])'), 'no 2-step verification section');

    await waitUntil(() => el.querySelector('portico-sessions [role="heading"]'), 'no sessions section');
    await waitUntil(() => menuLinks(el).length === 5, 'the menu did not follow its sections');
    expect(menuLinks(el).map((link) => textOf(link))).to.deep.equal([
      'E-mail and name',
      'Change password',
      '2-step verification',
      'Where you are signed in',
      'Recent activity',
    ]);
    await licensing.signOut();
  });

  it('saves the name with the keyboard, says so, and keeps it after a reload', async () => {
    await signedIn('profile-saves');
    const el = await fixture<PorticoProfile>(html`<portico-profile></portico-profile>`);
    await waitUntil(() => nameInput(el), 'the profile did not load');

    const updated = oneEvent(el, 'portico-profile-updated') as Promise<CustomEvent<ProfileUpdatedDetail>>;
    await typeInto(nameInput(el), '  Anna Lindqvist ');
    await sendKeys({ press: 'Enter' });
    expect((await updated).detail.user.name).to.equal('Anna Lindqvist');
    await el.updateComplete;
    expect(textOf(el.querySelector(':scope > [role="status"]'))).to.equal('Your name has been saved.');
    expect(nameInput(el)?.value).to.equal('Anna Lindqvist', 'shown as stored');
    await expect(el).to.be.accessible();

    // Editing again clears the "saved" line: it no longer describes what is on screen.
    await typeInto(nameInput(el), 'x');
    await el.updateComplete;
    expect(textOf(el.querySelector(':scope > [role="status"]'))).to.equal('');

    const fresh = await fixture<PorticoProfile>(html`<portico-profile></portico-profile>`);
    await waitUntil(() => nameInput(fresh), 'the profile did not load again');
    expect(nameInput(fresh)?.value).to.equal('Anna Lindqvist');
  });

  it('keeps a refused name for fixing, announces why and focuses it', async () => {
    await signedIn('profile-refused');
    const el = await fixture<PorticoProfile>(html`<portico-profile></portico-profile>`);
    await waitUntil(() => nameInput(el), 'the profile did not load');
    const input = nameInput(el)!;
    // A line break cannot be typed into a text input, but a script or paste could put one there.
    input.value = 'Anna\u0007Lindqvist';
    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    button(el, 'Save name').click();

    expect((await failed).detail.code).to.equal('invalid_request');
    await el.updateComplete;
    expect(el.querySelector('[role="alert"]')?.textContent?.trim()).to.equal('Enter a name of at most 200 characters, on one line.');
    expect(document.activeElement).to.equal(input);
    expect(input.value).to.equal('Anna\u0007Lindqvist');
    expect(input.getAttribute('aria-invalid')).to.equal('true');

    // Fixing it: the error goes with the first edit.
    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    expect(el.querySelector('[role="alert"]')?.textContent?.trim()).to.equal('');
    expect(input.getAttribute('aria-invalid')).to.not.equal('true');
  });

  it('says so when nobody is signed in, and offers a retry when the server cannot be reached', async () => {
    await client.signOut();
    const signedOut = await fixture<PorticoProfile>(html`<portico-profile></portico-profile>`);
    await waitUntil(() => signedOut.querySelector('[role="status"]')?.textContent?.includes('Sign in'), 'no signed-out note');
    expect(signedOut.querySelector('[role="status"]')?.textContent?.trim()).to.equal('Sign in to see your details.');
    expect(nameInput(signedOut)).to.equal(null);

    const unreachable = await fixture<PorticoProfile>(html`<portico-profile api=${unreachableApi}></portico-profile>`);
    await waitUntil(() => findButton(unreachable, 'Try again'), 'no retry');
    expect(unreachable.querySelector('[role="alert"]')?.textContent).to.include('could not be reached');
    await expect(unreachable).to.be.accessible();
  });

  it('says when the session cannot be read, announces it once shown, and asks again on "Try again"', async () => {
    const { email } = await signedIn('profile-offline');
    await whileOffline(async ({ announced, online }) => {
      const el = await fixture<PorticoProfile>(html`<portico-profile></portico-profile>`);
      await expectAnnouncedOnce(el, announced);
      expect(nameInput(el)).to.equal(null);

      online();
      button(el, 'Try again').click();
      await waitUntil(() => nameInput(el), 'not read again');
      expect(el.querySelector('dd')?.textContent?.trim()).to.equal(email);
      expect(findButton(el, 'Try again')).to.equal(undefined);
    });
  });

  it('reloads the 2-step section when the host hands in the same user again (a new sign-in)', async function () {
    this.timeout(20_000);
    await signedIn('profile-again');
    const session = await client.getSession();
    const el = await fixture<PorticoProfile>(html`<portico-profile .user=${session!.user}></portico-profile>`);
    await waitUntil(() => el.querySelector('portico-security')?.textContent?.includes('2-step verification is off.'), 'no 2-step section');

    // Meanwhile (in another tab, say) the app method is turned on; then the host hands in the user again, as the
    // demo does at every sign-in.
    const setup = await client.startTotpSetup();
    await client.confirmTotpSetup({ code: await totpCode(setup.secret) });
    el.user = { ...session!.user };
    await waitUntil(() => el.querySelector('portico-security')?.textContent?.includes('2-step verification is on.'), 'the section still shows the old state');
  });

  it('shows a user the host hands in without asking the server', async () => {
    await client.signOut(); // Asking would now answer "signed out".
    const el = await fixture<PorticoProfile>(
      html`<portico-profile
        .user=${{ id: '00000000-0000-4000-8000-000000000000', email: 'given@example.test', name: 'Given Name', createdAt: new Date().toISOString() }}
      ></portico-profile>`,
    );
    expect(el.querySelector('dd')?.textContent?.trim()).to.equal('given@example.test');
    expect(nameInput(el)?.value).to.equal('Given Name');

    // Other people sign in on this page, neither with a name: one's unsaved typing must not stay for the next.
    const nameless = (n: number) => ({
      id: `00000000-0000-4000-8000-00000000000${n}`,
      email: `next-${n}@example.test`,
      name: null,
      createdAt: new Date().toISOString(),
    });
    el.user = nameless(1);
    await el.updateComplete;
    await typeInto(nameInput(el), 'unsaved');
    el.user = nameless(2);
    await el.updateComplete;
    expect(el.querySelector('dd')?.textContent?.trim()).to.equal('next-2@example.test');
    expect(nameInput(el)?.value).to.equal('');
  });

  it('lists the customer accounts the login is linked to, the active one marked', async () => {
    const { email, password, accounts } = await seedUserWithAccounts('profile-accounts', ['Harbour Hosting', 'Inland Leasing']);
    const [first, second] = accounts;
    if (!first || !second) throw new Error('seeding failed');
    await client.signIn({ identifier: email, password });
    await client.chooseAccount({ customerId: second.customerId });
    const el = await fixture<PorticoProfile>(html`<portico-profile></portico-profile>`);
    await waitUntil(() => accountList(el), 'no list of accounts');

    const items = [...accountList(el)!.querySelectorAll('li')];
    expect(items.map((item) => textOf(item))).to.have.members([
      `${first.name} Customer ID ${first.customerId} · Owner`,
      `${second.name} Customer ID ${second.customerId} · Owner (current)`,
    ]);
    const current = items.filter((item) => item.getAttribute('aria-current') === 'true');
    expect(current.map((item) => item.dataset.customerId)).to.deep.equal([second.customerId]);
    await expect(el).to.be.accessible();
  });

  it('links a customer account by its customer ID and password; a wrong password stays to be fixed', async function () {
    this.timeout(20_000);
    await signedIn('profile-links');
    const { account, password } = await seedCustomerIdLogin('Willow Datacenter');
    const el = await fixture<PorticoProfile>(html`<portico-profile></portico-profile>`);
    await waitUntil(() => linkForm(el), 'no link form');

    expect(accountList(el)).to.equal(null);
    expect(textOf(el.querySelector('portico-customer-accounts'))).to.include('No customer accounts are linked to your login.');
    const customerId = linkForm(el)!.querySelector<HTMLInputElement>('input[name="customer-id"]');
    const secret = linkForm(el)!.querySelector<HTMLInputElement>('input[type="password"]');
    expect(customerId?.labels?.[0]?.textContent?.trim()).to.equal('Customer ID');
    expect(secret?.labels?.[0]?.textContent?.trim()).to.equal('Password of the customer ID');
    // The old customer-ID login as a password manager saved it: the customer ID as the user name, then its password,
    // a pair of its own (section) apart from the signed-in login's.
    expect(customerId?.getAttribute('autocomplete')).to.equal('section-customer-id username');
    expect(secret?.getAttribute('autocomplete')).to.equal('section-customer-id current-password');
    await expect(el).to.be.accessible();

    // A wrong password: announced, kept, and focused for fixing.
    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await typeInto(customerId, account.customerId);
    await typeInto(secret, 'Wrong-password-1!');
    await sendKeys({ press: 'Enter' });
    expect((await failed).detail.code).to.equal('invalid_credentials');
    await el.updateComplete;
    expect(textOf(linkForm(el)!.querySelector('[role="alert"]'))).to.equal('The customer ID or password is incorrect.');
    expectFocused(secret);
    expect(secret?.value).to.equal('Wrong-password-1!');
    expect(customerId?.value).to.equal(account.customerId);
    expect(secret?.getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
    // Retyping the password: the error, and the invalid mark, go at the first key.
    await typeInto(secret, 'W');
    await el.updateComplete;
    expect(textOf(linkForm(el)!.querySelector('[role="alert"]'))).to.equal('');
    expect(secret?.getAttribute('aria-invalid')).to.not.equal('true');

    // The right one: listed, said so, and (no account was active) the session now works in it.
    const changed = oneEvent(el, 'portico-account-changed') as Promise<CustomEvent<AccountChangedDetail>>;
    await typeInto(secret, password);
    await sendKeys({ press: 'Enter' });
    expect((await changed).detail.account).to.deep.equal({ ...account, role: 'owner' });
    await el.updateComplete;
    expect([...accountList(el)!.querySelectorAll('li')].map((item) => item.dataset.customerId)).to.deep.equal([account.customerId]);
    expect(accountList(el)!.querySelector('li')?.getAttribute('aria-current')).to.equal('true');
    expect(textOf(el.querySelector('portico-customer-accounts > [role="status"]'))).to.equal(
      `${account.name} (${account.customerId}) is now linked to your login.`,
    );
    expect(customerId?.value).to.equal('');
    expect(secret?.value).to.equal('');
    await expect(el).to.be.accessible();
  });
});
