import { createPorticoClient } from '@portico/client';
import { fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { linkAccount, seedAccount } from '../account-test-support.ts';
import { en } from '../i18n/messages.en.ts';
import { sv } from '../i18n/messages.sv.ts';
import { signedInWithTotp } from '../mfa-test-support.ts';
import { expectReflow, findButton, waitUntil } from '../test-helpers.ts';
import type { PorticoProfile } from './portico-profile.ts';
import './portico-profile.ts';

// Reflow (WCAG 1.4.10): My details on a phone 320 CSS px wide, in English and in Swedish, with an e-mail address and
// account names far longer than a line and with no break in them: nothing scrolls sideways, nothing sticks out.

const client = createPorticoClient();

for (const [lang, texts] of [
  ['en', en],
  ['sv', sv],
] as const) {
  describe(`<portico-profile> at 320 px (${lang})`, () => {
    before(() => setViewport({ width: 320, height: 640 }));

    after(async () => {
      await setViewport({ width: 800, height: 600 });
      await client.signOut();
    });

    it('fits every section: the address, 2-step verification with new recovery codes, the customer accounts', async function () {
      this.timeout(30_000);
      const user = await signedInWithTotp('reflowwithanaddressfarlongerthanthecardiswideandnobreak', client);
      const account = await seedAccount('Fastighetsförvaltningsaktiebolagetinorrlandochvästerbotten');
      await linkAccount(account.customerId, user.email);
      // As a portal page places it on a phone: the page's margin, then a card with its padding.
      const wrapper = await fixture(html`<div style="padding: 0 8px"><div style="padding: 24px; border: 1px solid">
        <portico-profile lang=${lang}></portico-profile>
      </div></div>`);
      const el = wrapper.querySelector<PorticoProfile>('portico-profile')!;
      const card = el.parentElement!;
      await waitUntil(() => el.querySelector('portico-customer-accounts li'), 'no customer accounts');
      await waitUntil(() => findButton(el, texts.recoveryCodesGenerate), 'no 2-step verification section');
      expectReflow('My details', el, card);

      // New recovery codes, shown: the widest thing the section lays out.
      findButton(el, texts.recoveryCodesGenerate)?.click();
      await waitUntil(() => findButton(el, texts.recoveryCodesShow), 'no new codes');
      findButton(el, texts.recoveryCodesShow)?.click();
      await waitUntil(() => el.querySelector('portico-recovery-codes ol:not([hidden]) li'), 'the codes are not shown');
      expectReflow('My details with new recovery codes', el, card);
    });
  });
}
