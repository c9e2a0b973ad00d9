import { createPorticoClient } from '@portico/client';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { signedInWithTotp } from '../mfa-test-support.ts';
import type { SecurityChangedDetail } from '../shared-events.ts';
import type { PorticoRecoveryCodes } from './portico-recovery-codes.ts';
import './portico-recovery-codes.ts';
import { button, expectFocused, textOf, waitUntil } from '../test-helpers.ts';

// Against the real server: a user with the authenticator app on, signed in through the client.

const client = createPorticoClient();
const codePattern = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
const shownCodes = (el: Element) => [...el.querySelectorAll('ol li')].map((item) => textOf(item));

async function press(el: Element, text: string): Promise<void> {
  button(el, text).focus();
  await sendKeys({ press: 'Enter' });
}

describe('<portico-recovery-codes>', () => {
  after(() => client.signOut());

  it('shows ten new codes behind "Show codes", prints and downloads just them, then the count', async function () {
    this.timeout(20_000);
    const { email } = await signedInWithTotp('codes-new', client);
    const el = await fixture<PorticoRecoveryCodes>(html`<portico-recovery-codes .email=${email}></portico-recovery-codes>`);
    expect(textOf(el.querySelector('p'))).to.equal('Recovery codes let you sign in when your phone is not at hand. Each works once.');
    await expect(el).to.be.accessible();

    const generated = oneEvent(el, 'portico-security-changed') as Promise<CustomEvent<SecurityChangedDetail>>;
    await press(el, 'Generate codes');
    expect((await generated).detail.change).to.equal('recovery_codes_generated');
    await el.updateComplete;
    const status = el.querySelector('[role="status"]');
    expect(textOf(status)).to.equal(
      'Here are your 10 new recovery codes. Each works once. Print or download them and keep them in a safe place: they are shown only now.',
    );
    expectFocused(status);

    // Hidden until asked for.
    const list = el.querySelector('ol')!;
    expect(list.hidden).to.equal(true);
    expect(list.getBoundingClientRect().height).to.equal(0);
    const toggle = button(el, 'Show codes');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    await press(el, 'Show codes');
    await el.updateComplete;
    expect(list.hidden).to.equal(false);
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(textOf(toggle)).to.equal('Hide codes');
    const codes = shownCodes(el);
    expect(codes).to.have.length(10);
    for (const code of codes) expect(code).to.match(codePattern);
    expect(new Set(codes).size).to.equal(10);
    await expect(el).to.be.accessible();

    // Download: a text file with the account and the codes.
    let saved: Blob | null = null;
    let fileName = '';
    const createObjectURL = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      if (blob instanceof Blob) saved = blob;
      return createObjectURL(blob);
    };
    const stopDownload = (event: MouseEvent) => {
      const link = event.target;
      if (link instanceof HTMLAnchorElement && link.download) {
        fileName = link.download;
        event.preventDefault();
      }
    };
    document.addEventListener('click', stopDownload, true);
    try {
      await press(el, 'Download');
    } finally {
      URL.createObjectURL = createObjectURL;
      document.removeEventListener('click', stopDownload, true);
    }
    expect(fileName).to.equal('recovery-codes.txt');
    const text = await (saved as Blob | null)?.text();
    expect(text).to.include(`Recovery codes for ${email}`);
    for (const code of codes) expect(text).to.include(code);

    // Print: a frame of its own holds just the codes, so nothing else of the page is printed.
    await press(el, 'Print');
    const frame = document.querySelector<HTMLIFrameElement>('body > iframe');
    const printed = frame?.contentDocument?.body.textContent ?? '';
    for (const code of codes) expect(printed).to.include(code);
    expect(printed).to.not.include('Show codes');

    // Done: the codes leave the page, the count stays.
    await press(el, 'Done');
    await el.updateComplete;
    expect(el.querySelector('ol')).to.equal(null);
    expect(textOf(el.querySelector('p'))).to.equal('Recovery codes left: 10.');
    expectFocused(el.querySelector('p'));
    el.remove();
    expect(document.querySelector('body > iframe')).to.equal(null, 'the print frame goes with the element');
  });

  it('asks before new codes replace the current ones', async function () {
    this.timeout(20_000);
    await signedInWithTotp('codes-again', client);
    const first = await client.generateRecoveryCodes();
    const el = await fixture<PorticoRecoveryCodes>(html`<portico-recovery-codes .left=${10}></portico-recovery-codes>`);
    expect(textOf(el.querySelector('p'))).to.equal('Recovery codes left: 10.');

    await press(el, 'Generate new codes');
    await el.updateComplete;
    expect(textOf(el.querySelector('p'))).to.equal('New codes replace all your current ones: those stop working.');
    expectFocused(el.querySelector('p'));
    await press(el, 'Cancel');
    await el.updateComplete;
    expect(textOf(el.querySelector('p'))).to.equal('Recovery codes left: 10.');
    expect((await client.getSecurity()).recoveryCodesLeft).to.equal(10);

    await press(el, 'Generate new codes');
    await el.updateComplete;
    await press(el, 'Generate new codes');
    await waitUntil(() => el.querySelector('ol'), 'no new codes');
    await press(el, 'Show codes');
    await el.updateComplete;
    const second = shownCodes(el);
    expect(second).to.have.length(10);
    expect(second.filter((code) => first.codes.includes(code))).to.deep.equal([]);
  });
});
