import { createPorticoClient } from '@portico/client';
import { apiPaths, type MfaStep, OutboxResponse, type PorticoErrorDetail, type PublicConfig } from '@portico/contract';
import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { newestOutboxId, readMailedLinkToken } from '../../../client/src/test-support.ts';
import { seedUser } from '../../../../test/support/seed-user.ts';
import { seedUserWithAccounts } from '../account-test-support.ts';
import * as portico from '../index.ts';
import type { PorticoAuth } from '../auth/portico-auth.ts';
import { expectMfaStep, signedInWithTotp } from '../mfa-test-support.ts';
import { button, heading, typeInto, waitUntil } from '../test-helpers.ts';
import { en } from './messages.en.ts';
import { sv } from './messages.sv.ts';

// Every component in Swedish (against the real server, proxied same-origin by web-test-runner.config.mjs): whatever
// English is left on screen fails the test.

const client = createPorticoClient();

/** Every `portico-*` element the package defines, found from its entry point: a new one cannot be left out. */
const tags: string[] = Object.values(portico)
  .flatMap((value) => (typeof value === 'function' && value.prototype instanceof HTMLElement ? [value as CustomElementConstructor] : []))
  .map((constructor) => customElements.getName(constructor))
  .filter((name): name is string => name !== null && name.startsWith('portico-'));

/** Attributes people read or hear. */
const spokenAttributes = ['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'placeholder', 'title', 'alt'];

/** All text of `node` and below, shadow trees included: text nodes and the attributes above. Codes and keys are data. */
function textsOf(node: Node, into: string[] = []): string[] {
  if (node instanceof Element) {
    if (['style', 'script', 'template', 'code'].includes(node.localName)) return into;
    for (const name of spokenAttributes) {
      const value = node.getAttribute(name);
      if (value?.trim()) into.push(value.trim());
    }
    if (node instanceof HTMLInputElement && ['submit', 'button', 'reset'].includes(node.type) && node.value) into.push(node.value);
    if (node.shadowRoot) textsOf(node.shadowRoot, into);
  } else if (node instanceof Text) {
    const text = node.data.replace(/\s+/g, ' ').trim();
    if (text) into.push(text);
  }
  for (const child of Array.from(node.childNodes)) textsOf(child, into);
  return into;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `text` as a whole word or phrase (not inside another word, nor glued to digits). */
const phrase = (text: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(text)}(?![\\p{L}\\p{N}])`, 'u');

type Key = keyof typeof en;
const keys = Object.keys(en) as Key[];

/**
 * The English catalogue's words: each text that Swedish writes differently, cut at its `{parameters}` into the
 * fixed pieces (of at least two letters) that Swedish does not use as well.
 */
const englishPieces: { key: Key; piece: string; pattern: RegExp }[] = keys
  .filter((key) => en[key] !== sv[key])
  .flatMap((key) =>
    en[key]
      .split(/\{\w+\}/)
      .map((piece) => piece.trim())
      .filter((piece) => /\p{L}.*\p{L}/u.test(piece) && piece.length >= 3)
      .map((piece) => ({ key, piece, pattern: phrase(piece) })),
  )
  .filter(({ pattern }) => !keys.some((key) => pattern.test(sv[key])));

/** Common English words that no Swedish text here uses. */
const denyList =
  /(?<![\p{L}\p{N}])(?:the|and|your|you|sign in|signed in|password|e-mail|email address|account|enter|code|continue|cancel|back|forgot|loading|error|show|hide|save|submit|verify|remove|add|please|try again|choose|new|with|this|of)(?![\p{L}\p{N}])/iu;

/** Fails, naming every English text found in `root` (and its shadow trees), with what it came from. */
function expectSwedish(root: Node, where: string): void {
  const texts = textsOf(root);
  const found: string[] = [];
  for (const text of texts) {
    for (const { key, piece, pattern } of englishPieces) {
      if (pattern.test(text)) found.push(`"${text}" has "${piece}" (en.${key})`);
    }
    const word = denyList.exec(text);
    if (word) found.push(`"${text}" has the English word "${word[0]}"`);
  }
  expect(found, `English left in ${where}:\n${found.join('\n')}`).to.deep.equal([]);
}

/** Lets requests answer and elements (and the ones they render) update. */
async function settle(el: Element, ms = 150): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  if ('updateComplete' in el) await (el as { updateComplete: Promise<unknown> }).updateComplete;
}

/** Text nodes of `node` and below, shadow trees included. */
function textNodesOf(node: Node, into: Text[] = []): Text[] {
  if (node instanceof Element && ['style', 'script', 'template'].includes(node.localName)) return into;
  if (node instanceof Text && node.data.trim()) into.push(node);
  if (node instanceof Element && node.shadowRoot) textNodesOf(node.shadowRoot, into);
  for (const child of Array.from(node.childNodes)) textNodesOf(child, into);
  return into;
}

/**
 * The language a screen reader reads `node` in: the `lang` of its nearest ancestor that has one, a shadow root
 * leading to its host (as HTML defines the language of a node).
 */
function spokenLanguage(node: Node): string | null {
  for (let at: Node | null = node; at; at = at instanceof ShadowRoot ? at.host : at.parentNode) {
    if (at instanceof Element && at.hasAttribute('lang')) return at.getAttribute('lang');
  }
  return null;
}

const fakeMfaStep: MfaStep = {
  step: 'mfa',
  challenge: 'c'.repeat(32),
  expiresAt: new Date(Date.now() + 600_000).toISOString(),
  channel: 'sms',
  options: [
    { channel: 'sms', destination: '+46 •• ••• •• 12' },
    { channel: 'totp', destination: null },
  ],
  recoveryCodes: true,
  trustDeviceDays: 30,
  codeLength: 6,
  resendAfterSeconds: 30,
  codeStatus: 'sent',
};

/** What an element needs to show something without a flow around it (the server's step, its accounts). */
const propsFor: Record<string, Record<string, unknown>> = {
  'portico-set-password': { step: { step: 'set_password', purpose: 'password_reset', email: 'anna@example.se', token: 't' } },
  'portico-set-credentials': {
    step: {
      step: 'set_credentials',
      purpose: 'customer_id_migration',
      email: 'anna@example.se',
      customerId: 'NL123421341',
      existingLogin: false,
      askName: false,
      token: 't',
    },
  },
  'portico-register-email': { step: { step: 'register_email', customerId: 'NL123421341', token: 't' } },
  'portico-mfa': { step: fakeMfaStep },
  'portico-mfa-setup': { challenge: 'c'.repeat(32), methods: ['totp', 'sms'] },
  'portico-account-picker': {
    accounts: [
      { customerId: 'SE1000000001', name: 'Lindqvist Leasing AB' },
      { customerId: 'SE1000000002', name: 'Berg Bygg AB' },
    ],
  },
  'portico-recovery-codes': { left: 7 },
};

describe('Swedish everywhere', () => {
  afterEach(async () => {
    document.documentElement.removeAttribute('lang');
    await client.signOut().catch(() => undefined);
  });

  it('finds every element of the package', () => {
    expect(tags.length).to.be.greaterThan(15);
    for (const tag of ['portico-auth', 'portico-profile', 'portico-login-form', 'portico-security']) expect(tags).to.include(tag);
  });

  it('notices English', async () => {
    const el = await fixture<PorticoAuth>(html`<portico-auth lang="en"></portico-auth>`);
    await settle(el);
    expect(() => expectSwedish(el, 'an English sign-in form')).to.throw(/Sign in/);
    const text = document.createElement('p');
    text.title = 'Please wait';
    expect(() => expectSwedish(text, 'a title')).to.throw(/Please/);
  });

  it('has a Swedish text for every English one, with the same parameters', () => {
    const parameters = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const key of keys) {
      expect(parameters(sv[key]), key).to.deep.equal(parameters(en[key]));
      expect(sv[key].trim(), key).not.to.equal('');
    }
  });

  it('renders every element in Swedish, signed out', async () => {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    for (const tag of tags) {
      const el = document.createElement(tag);
      el.setAttribute('lang', 'sv');
      Object.assign(el, propsFor[tag] ?? {});
      container.append(el);
      await settle(el, 250);
      expectSwedish(el, `<${tag}>`);
      el.remove();
    }
  });

  it('signs in, fails, and announces the failure in Swedish', async () => {
    const el = await fixture<PorticoAuth>(html`<portico-auth lang="sv"></portico-auth>`);
    await settle(el);
    expect(heading(el)).to.equal('Logga in');
    expectSwedish(el, 'the sign-in form');

    const { email } = await seedUser('svensk-fel');
    await typeInto(el.querySelector('input[autocomplete~="username"]'), email);
    await typeInto(el.querySelector('input[autocomplete="current-password"]'), 'Fel-losenord-123!');
    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    button(el, 'Logga in').click();
    expect((await failed).detail.message).to.equal(sv.errorInvalidCredentials);
    await settle(el);
    expect(el.querySelector('[role="alert"]')?.textContent?.trim()).to.equal(sv.errorInvalidCredentials);
    expectSwedish(el, 'the sign-in error');
  });

  it('tells the server its language: who signed in here gets a reset asked without one in Swedish', async () => {
    const { email, password } = await seedUser('svensk-minns');
    const el = await fixture<PorticoAuth>(html`<portico-auth lang="sv"></portico-auth>`);
    await settle(el);
    await typeInto(el.querySelector('input[autocomplete~="username"]'), email);
    await typeInto(el.querySelector('input[autocomplete="current-password"]'), password);
    button(el, 'Logga in').click();
    await waitUntil(() => heading(el) === sv.signedInHeading, 'not signed in');
    await client.signOut();

    const before = await newestOutboxId(email);
    await client.forgotPassword({ email });
    let subject: string | null | undefined;
    await waitUntil(async () => {
      const response = await fetch(`${apiPaths.devOutbox}?to=${encodeURIComponent(email)}`);
      subject = OutboxResponse.parse(await response.json()).messages.find((message) => message.id > before)?.subject;
      return subject !== undefined;
    }, 'no reset mail');
    expect(subject).to.match(/^Återställ ditt lösenord för /);
  });

  it('walks forgot password and sign-up in Swedish', async () => {
    const el = await fixture<PorticoAuth>(html`<portico-auth lang="sv"></portico-auth>`);
    await settle(el);
    button(el, sv.forgotPasswordLink).click();
    await settle(el);
    expect(heading(el)).to.equal(sv.forgotPasswordHeading);
    expectSwedish(el, 'forgot password');
    const { email } = await seedUser('svensk-glomt');
    await typeInto(el.querySelector('input[type="email"], input[autocomplete~="username"]'), email);
    button(el, sv.sendResetLinkButton).click();
    await waitUntil(() => heading(el) === sv.checkEmailHeading, 'no "Kolla din e-post"');
    await settle(el);
    expectSwedish(el, 'check your e-mail');

    button(el, sv.backToSignIn).click();
    await waitUntil(() => heading(el) === sv.signInHeading);
    await waitUntil(() => [...el.querySelectorAll('button')].some((b) => b.textContent?.trim() === sv.createAccountLink), 'no sign-up');
    button(el, sv.createAccountLink).click();
    await settle(el);
    expect(heading(el)).to.equal(sv.signUpHeading);
    expectSwedish(el, 'sign-up');
  });

  it('sets a password from a mailed link in Swedish, and explains a bad link', async () => {
    const { email } = await seedUser('svensk-lank');
    await client.forgotPassword({ email });
    const token = await readMailedLinkToken(email);
    const el = await fixture<PorticoAuth>(html`<portico-auth lang="sv"></portico-auth>`);
    await el.openLink(token);
    await settle(el, 300);
    expect(heading(el)).to.equal(sv.setPasswordHeading);
    expectSwedish(el, 'the new-password form');
    await typeInto(el.querySelector('input[name="new-password"]'), 'kort');
    await settle(el);
    expectSwedish(el, 'the password checklist');

    await el.openLink('not-a-real-token-at-all-000000000');
    await settle(el);
    expect(heading(el)).to.equal(sv.linkProblemHeading);
    expectSwedish(el, 'a bad link');
  });

  it('shows the second step, its setup and the recovery codes in Swedish', async () => {
    const totp = await signedInWithTotp('svensk-mfa');
    await client.signOut();
    const step = expectMfaStep(await client.signIn({ identifier: totp.email, password: totp.password }));
    const mfa = await fixture(html`<portico-mfa lang="sv" .step=${step}></portico-mfa>`);
    await settle(mfa);
    expectSwedish(mfa, 'the mfa step');
    // A code by SMS, other ways and recovery codes: every option shown.
    const options = await fixture(html`<portico-mfa lang="sv" .step=${fakeMfaStep}></portico-mfa>`);
    await settle(options);
    button(options, sv.mfaOtherMethod).click();
    await settle(options);
    expectSwedish(options, 'the other ways to get a code');
    button(options, sv.mfaUseRecoveryCode).click();
    await settle(options);
    expectSwedish(options, 'the recovery-code form');

    await seedUser('svensk-setup').then((user) => client.signIn({ identifier: user.email, password: user.password }));
    const setup = await fixture(html`<portico-mfa-setup lang="sv"></portico-mfa-setup>`);
    await settle(setup);
    expectSwedish(setup, 'the setup choice');
    button(setup, sv.mfaSetupAppButton).click();
    await waitUntil(() => setup.querySelector('code'), 'no app setup', { timeout: 5000 });
    expectSwedish(setup, 'the app setup');
    // The QR code (where its generator loads: served unbundled, as here, it may not).
    await waitUntil(() => !setup.querySelector('[role="status"]'), 'the QR code is still being drawn', { timeout: 5000 });
    const qr = setup.querySelector('img');
    if (qr) expect(qr.alt).to.equal(sv.mfaSetupQrAlt);
    expectSwedish(setup, 'the app setup with its QR code');
    button(setup, sv.mfaSetupOtherMethod).click();
    await settle(setup);
    button(setup, sv.mfaSetupSmsButton).click();
    await settle(setup);
    expectSwedish(setup, 'the SMS setup');
  });

  it('shows the profile, security and recovery codes of a signed-in user in Swedish', async () => {
    const totp = await signedInWithTotp('svensk-profil');
    const profile = await fixture(html`<portico-profile lang="sv"></portico-profile>`);
    await waitUntil(() => profile.querySelector('portico-security button'), 'the security section did not load', { timeout: 5000 });
    await waitUntil(() => profile.querySelector('portico-customer-accounts form'), 'no customer accounts', { timeout: 5000 });
    await settle(profile, 300);
    expect(profile.querySelector('[role="heading"]')?.textContent?.trim()).to.equal('Mina uppgifter');
    expectSwedish(profile, 'the profile');

    // A failed password change: the error in Swedish.
    const change = profile.querySelector('portico-change-password')!;
    await typeInto(change.querySelector('input[autocomplete="current-password"]'), 'Fel-losenord-123!');
    await typeInto(change.querySelector('input[name="new-password"]'), 'Helt-Nytt-Losen-2026!');
    await typeInto(change.querySelector('input[name="confirm-password"]'), 'Helt-Nytt-Losen-2026?');
    button(change, sv.changePasswordButton).click();
    await settle(profile, 400);
    expectSwedish(profile, 'a refused password change');

    // New recovery codes.
    const codes = await fixture(html`<portico-recovery-codes lang="sv" .email=${totp.email}></portico-recovery-codes>`);
    button(codes, sv.recoveryCodesGenerate).click();
    await waitUntil(() => codes.querySelector('ol li'), 'no codes', { timeout: 5000 });
    button(codes, sv.recoveryCodesShow).click();
    await settle(codes);
    expectSwedish(codes, 'the new recovery codes');
  });

  it('shows the account picker with accounts, filtered, in Swedish', async () => {
    const names = ['Lindqvist Leasing AB', 'Berg Bygg AB', 'Ekström Fastigheter', 'Nilsson Transport', 'Holm Media', 'Sjöberg Revision', 'Åkesson Bil'];
    const seeded = await seedUserWithAccounts('svensk-konton', names);
    const step = await client.signIn({ identifier: seeded.email, password: seeded.password });
    if (step.step !== 'choose_account') throw new Error(`expected choose_account, got ${step.step}`);
    const picker = await fixture(html`<portico-account-picker lang="sv" .accounts=${step.accounts}></portico-account-picker>`);
    await settle(picker);
    expectSwedish(picker, 'the account picker');
    const filter = picker.shadowRoot?.querySelector<HTMLInputElement>('input') ?? picker.querySelector<HTMLInputElement>('input');
    if (filter) {
      await typeInto(filter, 'zzz');
      await settle(picker);
      expectSwedish(picker, 'an account search without hits');
    }
  });
});

describe('the language of an element', () => {
  afterEach(() => {
    document.documentElement.removeAttribute('lang');
    fixtureCleanup();
  });

  it('follows the document, its ancestors, then its own lang; sv-SE is Swedish, de is not a language of its own', async () => {
    document.documentElement.lang = 'sv-SE';
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    await settle(el);
    expect(heading(el)).to.equal('Logga in');

    el.setAttribute('lang', 'en');
    await settle(el);
    expect(heading(el)).to.equal('Sign in', "the element's own lang wins");
    expect(el.querySelector('button')?.textContent?.trim()).to.equal('Sign in', 'the light-DOM form follows');

    el.setAttribute('lang', 'de');
    await settle(el);
    expect(heading(el)).to.equal('Logga in', 'an unknown language falls back to the page');

    document.documentElement.lang = 'en';
    el.removeAttribute('lang');
    await settle(el);
    expect(heading(el)).to.equal('Sign in');
  });

  it('speaks English inside a Swedish page where lang="en" says so, after awaits too', async () => {
    document.documentElement.lang = 'sv';
    const page = await fixture<HTMLDivElement>(html`<div>
      <portico-auth id="sv"></portico-auth>
      <section lang="en"><portico-auth id="en"></portico-auth></section>
      <portico-profile lang="en" api="http://127.0.0.1:1"></portico-profile>
    </div>`);
    const swedish = page.querySelector<PorticoAuth>('#sv')!;
    const english = page.querySelector<PorticoAuth>('#en')!;
    const profile = page.querySelector('portico-profile')!;
    await settle(swedish);
    await settle(english);
    expect(heading(swedish)).to.equal('Logga in');
    expect(heading(english)).to.equal('Sign in');

    // Both fail at once: each error, shown and announced, in its own element's language.
    const { email } = await seedUser('two-languages');
    for (const el of [swedish, english]) {
      await typeInto(el.querySelector('input[autocomplete~="username"]'), email);
      await typeInto(el.querySelector('input[autocomplete="current-password"]'), 'Wrong-password-123!');
    }
    const swedishError = oneEvent(swedish, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    const englishError = oneEvent(english, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    swedish.querySelector('form')!.requestSubmit();
    english.querySelector('form')!.requestSubmit();
    expect((await swedishError).detail.message).to.equal(sv.errorInvalidCredentials);
    expect((await englishError).detail.message).to.equal(en.errorInvalidCredentials);
    await settle(swedish);
    expect(swedish.querySelector('[role="alert"]')?.textContent?.trim()).to.equal(sv.errorInvalidCredentials);
    expect(english.querySelector('[role="alert"]')?.textContent?.trim()).to.equal(en.errorInvalidCredentials);

    // The profile cannot reach its server: its error is English, in a Swedish page.
    await waitUntil(() => profile.querySelector('[role="alert"]')?.textContent?.trim(), 'the profile shows no error', { timeout: 5000 });
    expect(profile.querySelector('[role="alert"]')?.textContent?.trim()).to.equal(en.errorNetwork);
  });

  it("uses the server's default language when the page names none", async () => {
    const real = (await (await fetch('/api/config')).json()) as PublicConfig;
    const swedishServer: PublicConfig = { ...real, defaultLocale: 'sv' };
    const originalFetch = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input), location.href);
      if (url.pathname === '/leasing/api/config') {
        return Promise.resolve(new Response(JSON.stringify(swedishServer), { headers: { 'content-type': 'application/json' } }));
      }
      return originalFetch(input, init);
    };
    try {
      const el = await fixture<PorticoAuth>(html`<portico-auth api="/leasing"></portico-auth>`);
      await waitUntil(() => heading(el) === 'Logga in', 'the default language did not apply', { timeout: 5000 });
      await settle(el);
      expectSwedish(el, 'the sign-in form of a Swedish server');
      // A lang on the page still wins over the server's default.
      el.setAttribute('lang', 'en');
      await settle(el);
      expect(heading(el)).to.equal('Sign in');
    } finally {
      window.fetch = originalFetch;
    }
  });
});

describe('the language of what is rendered', () => {
  afterEach(() => document.documentElement.removeAttribute('lang'));

  it('is the element’s own, not the one of a page in a language Portico does not speak', async () => {
    document.documentElement.lang = 'fi';
    const el = await fixture<PorticoAuth>(html`<portico-auth><a slot="footer" href="#ohjeet">Ohjeet</a></portico-auth>`);
    await settle(el);
    expect(heading(el)).to.equal(en.signInHeading);
    const texts = textNodesOf(el).filter((text) => text.data.trim() !== 'Ohjeet');
    expect(texts.length).to.be.greaterThan(4);
    const misread = texts.filter((text) => spokenLanguage(text) !== 'en').map((text) => `"${text.data.trim()}" in ${spokenLanguage(text)}`);
    expect(misread, 'English read as Finnish').to.deep.equal([]);
    expect(spokenLanguage(el.querySelector('a[slot="footer"]')!.firstChild!), 'the host’s own content keeps the page’s').to.equal('fi');
  });

  it('puts lang="sv" on the card of an element that speaks Swedish on an English page, and follows a change', async () => {
    document.documentElement.lang = 'en';
    const el = await fixture<PorticoAuth>(html`<portico-auth lang="sv"></portico-auth>`);
    await settle(el);
    const card = el.shadowRoot!.querySelector('[part="card"]')!;
    expect(card.getAttribute('lang')).to.equal('sv');
    expect(el.querySelector('portico-login-form')!.querySelector('form')!.getAttribute('lang')).to.equal('sv');

    el.setAttribute('lang', 'en-GB');
    await waitUntil(() => heading(el) === en.signInHeading, 'no English after the change');
    await settle(el);
    expect(card.getAttribute('lang')).to.equal('en');
    expect(el.querySelector('portico-login-form')!.querySelector('form')!.getAttribute('lang')).to.equal('en');
  });
});
