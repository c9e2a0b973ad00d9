import { createPorticoClient } from '@portico/client';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { seedUserWithAccounts } from '../account-test-support.ts';
import { totpCode } from '../../../client/src/test-support.ts';
import { en } from '../i18n/messages.en.ts';
import { sv } from '../i18n/messages.sv.ts';
import { signedInWithTotp } from '../mfa-test-support.ts';
import type { PorticoAuth } from './portico-auth.ts';
import './portico-auth.ts';
import { expectReflow, findButton, freshEmail, heading, licensingApi, licensingServerReady, typeInto, waitUntil } from '../test-helpers.ts';

// Reflow (WCAG 1.4.10): on a phone 320 CSS px wide, in English and in Swedish, every step of the sign-in fits the
// width, even with an e-mail address or an account name far longer than a line, with no break in it: nothing
// scrolls sideways and nothing sticks out of the card.

/** Long enough to fill two lines of the card at 320 px, with nowhere a line may break. */
const unbroken = 'reflowwithanaddressfarlongerthanthecardiswideandnobreak';

const client = createPorticoClient();

/** The card as a portal page places it on a phone: the page's margin, then the card. */
const authFixture = (lang: string, api = '') =>
  fixture<PorticoAuth>(html`<div style="padding: 0 8px"><portico-auth lang=${lang} api=${api}></portico-auth></div>`).then((wrapper) =>
    wrapper.querySelector('portico-auth')!,
  );

/** The card `<portico-auth>` draws: nothing of a step may reach into its padding. */
const card = (el: PorticoAuth) => el.shadowRoot!.querySelector('[part="card"]')!;

async function passwordStep(el: PorticoAuth, email: string, password: string): Promise<void> {
  await waitUntil(() => el.querySelector('input[autocomplete~="username"]'), 'no sign-in form');
  await typeInto(el.querySelector('input[autocomplete~="username"]'), email);
  await typeInto(el.querySelector('input[autocomplete="current-password"]'), password);
  await sendKeys({ press: 'Enter' });
}

/**
 * "Tvåstegsverifiering" is wider than the card at 320 px: it breaks where the compound joins, "Tvåstegs-" above
 * "verifiering", not just anywhere.
 */
function expectBrokenBetweenParts(el: PorticoAuth): void {
  const slot = el.shadowRoot?.querySelector('[part="heading"] slot');
  const text = [...(slot?.childNodes ?? [])].find((node): node is Text => node instanceof Text && node.data.trim() !== '');
  if (!text) throw new Error('no heading text');
  const lines = (from: number, to: number) => {
    const range = document.createRange();
    range.setStart(text, from);
    range.setEnd(text, to);
    // A range that starts at a line's end also has an empty box there: only boxes with width hold text.
    return new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
  };
  const joint = text.data.indexOf('\u00ad');
  expect(joint, text.data).to.equal('Tvåstegs'.length);
  // From the second letter after the joint: Chromium gives the first one's box the line of the hyphen drawn before it.
  const first = lines(0, joint);
  const second = lines(joint + 2, text.data.length);
  expect(first.size, 'Tvåstegs on one line').to.equal(1);
  expect(second.size, 'verifiering on one line').to.equal(1);
  expect([...second][0]).to.be.greaterThan([...first][0]!);
}

for (const [lang, texts] of [
  ['en', en],
  ['sv', sv],
] as const) {
  describe(`<portico-auth> at 320 px (${lang})`, () => {
    before(async function () {
      this.timeout(60_000);
      await setViewport({ width: 320, height: 640 });
      await licensingServerReady();
    });

    after(async () => {
      await setViewport({ width: 800, height: 600 });
      await client.signOut();
    });

    it('fits the sign-in form with a long address and its error, the 2-step step and "Signed in"', async function () {
      this.timeout(30_000);
      const user = await signedInWithTotp(unbroken, client);
      await client.signOut();
      const el = await authFixture(lang);
      await passwordStep(el, user.email, 'Not-the-password-1!');
      await waitUntil(() => el.querySelector('[role="alert"]')?.textContent?.trim(), 'no error');
      expectReflow('sign-in with an error', el, card(el));

      await passwordStep(el, user.email, user.password);
      await waitUntil(() => el.querySelector('portico-mfa input[autocomplete="one-time-code"]'), 'no 2-step step');
      await el.updateComplete;
      expectReflow(`the 2-step step ("${heading(el)}")`, el, card(el));
      if (lang === 'sv') expectBrokenBetweenParts(el);

      await typeInto(el.querySelector('portico-mfa input[autocomplete="one-time-code"]'), await totpCode(user.secret, { steps: 1 }));
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => el.shadowRoot?.querySelector('[part="message"]')?.textContent?.includes(user.email), 'not signed in');
      expectReflow('signed in as a long address', el, card(el));
      await el.signOut();
    });

    it('fits the account picker with names longer than a line', async function () {
      this.timeout(30_000);
      const { email, password } = await seedUserWithAccounts('reflow-picker', [
        'Fastighetsförvaltningsaktiebolagetinorrlandochvästerbotten',
        'Internationalholdingslimitedpartnershipwithoutanyspaces',
      ]);
      const el = await authFixture(lang);
      await passwordStep(el, email, password);
      await waitUntil(() => el.querySelector('portico-account-picker')?.shadowRoot?.querySelector('button'), 'no account picker');
      expectReflow('the account picker', el, card(el));
      await client.signOut();
    });

    it('fits sign-up by code: the form and the code step that names a long address', async function () {
      this.timeout(30_000);
      const el = await authFixture(lang, licensingApi);
      const create = texts.createAccountLink;
      await waitUntil(() => findButton(el, create), `no "${create}"`);
      findButton(el, create)?.click();
      await waitUntil(() => el.querySelector('portico-signup input[type="email"]'), 'no sign-up form');
      expectReflow('the sign-up form', el, card(el));

      const email = freshEmail(unbroken);
      await typeInto(el.querySelector('portico-signup input[type="email"]'), email);
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => el.querySelector('portico-code-input input'), 'no code step');
      await waitUntil(() => el.querySelector('[role="status"]')?.textContent?.includes(email), 'the code step does not name the address');
      expectReflow('the code step', el, card(el));
    });
  });
}
