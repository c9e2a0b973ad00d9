import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../account-picker/portico-account-picker.ts';
import '../alert/portico-alert.ts';
import type { PorticoAuth } from '../auth/portico-auth.ts';
import '../auth/portico-auth.ts';
import '../button/portico-button.ts';
import '../field/portico-field.ts';
import '../forgot-password/portico-forgot-password.ts';
import { PorticoElement } from '../shared/portico-element.ts';
import { themeTokenList } from './token-list.ts';

// Theming as a host sees it: computed styles in real Chromium, against the real server (the sign-in form asks
// `GET /api/config`).

const lightSurface = 'rgb(255, 255, 255)';
const darkSurface = 'rgb(31, 41, 55)'; // #1f2937
const darkPrimary = 'rgb(147, 197, 253)'; // #93c5fd
const lightPrimary = 'rgb(29, 78, 216)'; // #1d4ed8

/** The sign-in step's controls (light DOM) and the card (shadow DOM) of a rendered `<portico-auth>`. */
async function authParts(el: PorticoAuth) {
  await el.updateComplete;
  const form = el.querySelector('portico-login-form');
  await form?.updateComplete;
  const input = el.querySelector<HTMLInputElement>('input[autocomplete~="username"]');
  const submit = el.querySelector<HTMLButtonElement>('button[type="submit"]');
  const textButton = el.querySelector<HTMLButtonElement>('portico-button[variant="text"] button');
  const label = el.querySelector<HTMLLabelElement>('label');
  const card = el.shadowRoot?.querySelector<HTMLElement>('[part="card"]');
  const heading = el.shadowRoot?.querySelector<HTMLElement>('[part="heading"]');
  if (!input || !submit || !textButton || !label || !card || !heading) throw new Error('the sign-in step is incomplete');
  return { input, submit, textButton, label, card, heading };
}

const style = (element: Element) => getComputedStyle(element);

/** The sRGB channels (0–255) a CSS colour paints, whatever notation the computed style gives. */
function painted(color: string): [number, number, number] {
  const context = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no canvas');
  context.fillStyle = color;
  context.fillRect(0, 0, 1, 1);
  const [red = 0, green = 0, blue = 0] = context.getImageData(0, 0, 1, 1).data;
  return [red, green, blue];
}

/** WCAG 2 contrast ratio of two opaque colours. */
function contrast(first: string, second: string): number {
  const luminance = (color: string) => {
    const [red, green, blue] = painted(color).map((channel) => {
      const value = channel / 255;
      return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
  };
  const [lighter, darker] = [luminance(first), luminance(second)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/** The computed properties a page rule could break, of each element, as one comparable record. */
function snapshot(elements: Record<string, Element>): Record<string, string> {
  const properties = [
    'font-family',
    'font-size',
    'font-weight',
    'line-height',
    'border-top-width',
    'border-top-style',
    'border-top-color',
    'border-left-style',
    'margin-top',
    'margin-left',
    'padding-top',
    'color',
    'background-color',
    'height',
    'width',
    'text-transform',
    'letter-spacing',
    'font-style',
  ];
  const record: Record<string, string> = {};
  for (const [name, element] of Object.entries(elements)) {
    const computed = style(element);
    for (const property of properties) record[`${name} ${property}`] = computed.getPropertyValue(property);
  }
  return record;
}

/** Adds a page stylesheet for the duration of a test. */
function pageStyle(text: string): HTMLStyleElement {
  const sheet = document.createElement('style');
  sheet.textContent = text;
  document.head.append(sheet);
  return sheet;
}

describe('theme', () => {
  const sheets: HTMLStyleElement[] = [];
  afterEach(async () => {
    for (const sheet of sheets.splice(0)) sheet.remove();
    await emulateMedia({ colorScheme: 'light' });
  });

  it('documents every token with a light and a dark default', () => {
    const names = themeTokenList.map((token) => token.name);
    // The names hosts already use keep working.
    for (const existing of [
      '--portico-color-primary',
      '--portico-color-on-primary',
      '--portico-color-text',
      '--portico-color-surface',
      '--portico-color-border',
      '--portico-color-danger',
      '--portico-font-family',
      '--portico-font-size',
      '--portico-radius',
      '--portico-spacing',
      '--portico-focus-ring',
    ]) {
      expect(names).to.include(existing);
    }
    expect(names).to.include.members(['--portico-density', '--portico-color-text-muted', '--portico-color-focus']);
    expect(new Set(names).size).to.equal(names.length);
  });

  it('carries tokens set on a page container to the card (shadow DOM) and to the form controls (light DOM)', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div
      style="--portico-color-primary: rgb(200, 0, 100); --portico-radius: 3px; --portico-font-size: 20px; --portico-color-background: rgb(250, 240, 230)"
    >
      <portico-auth></portico-auth>
    </div>`);
    const parts = await authParts(wrapper.querySelector('portico-auth') as PorticoAuth);

    expect(style(parts.submit).backgroundColor).to.equal('rgb(200, 0, 100)');
    expect(style(parts.textButton).color).to.equal('rgb(200, 0, 100)');
    expect(style(parts.input).borderTopLeftRadius).to.equal('3px');
    expect(style(parts.input).backgroundColor).to.equal('rgb(250, 240, 230)');
    expect(style(parts.input).fontSize).to.equal('20px');
    expect(style(parts.card).borderTopLeftRadius).to.equal('3px');
  });

  it('scales spacing and control heights with --portico-density', async () => {
    const normal = await authParts(await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`));
    const compact = await authParts(await fixture<PorticoAuth>(html`<portico-auth style="--portico-density: 0.75"></portico-auth>`));

    expect(parseFloat(style(compact.input).minHeight)).to.be.closeTo(parseFloat(style(normal.input).minHeight) * 0.75, 0.5);
    expect(parseFloat(style(compact.card).paddingTop)).to.be.closeTo(parseFloat(style(normal.card).paddingTop) * 0.75, 0.5);
  });

  it('switches to the dark defaults with theme="dark", down to the controls of the nested steps', async () => {
    const light = await authParts(await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`));
    const dark = await authParts(await fixture<PorticoAuth>(html`<portico-auth theme="dark"></portico-auth>`));

    expect(style(light.card).backgroundColor).to.equal(lightSurface);
    expect(style(light.submit).backgroundColor).to.equal(lightPrimary);
    expect(style(dark.card).backgroundColor).to.equal(darkSurface);
    expect(style(dark.submit).backgroundColor).to.equal(darkPrimary);
    expect(style(dark.input).backgroundColor).to.equal('rgb(17, 24, 39)'); // #111827
    expect(style(dark.label).color).to.equal('rgb(243, 244, 246)'); // #f3f4f6
    expect(style(dark.input).colorScheme).to.equal('dark');
  });

  it('follows prefers-color-scheme with theme="auto"', async () => {
    const el = await fixture<PorticoAuth>(html`<portico-auth theme="auto"></portico-auth>`);
    const parts = await authParts(el);
    expect(style(parts.card).backgroundColor).to.equal(lightSurface);

    await emulateMedia({ colorScheme: 'dark' });
    expect(style(parts.card).backgroundColor).to.equal(darkSurface);
    expect(style(parts.submit).backgroundColor).to.equal(darkPrimary);

    await emulateMedia({ colorScheme: 'light' });
    expect(style(parts.card).backgroundColor).to.equal(lightSurface);
  });

  it('keeps the light defaults under a dark system scheme without theme="auto"', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const parts = await authParts(await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`));
    expect(style(parts.card).backgroundColor).to.equal(lightSurface);
  });

  it("lets the host's own token values win over the dark defaults", async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const wrapper = await fixture<HTMLDivElement>(html`<div style="--portico-color-primary: rgb(0, 128, 0)">
      <portico-auth theme="dark" style="--portico-color-surface: rgb(10, 20, 30)"></portico-auth>
      <portico-auth theme="auto" style="--portico-color-surface: rgb(10, 20, 30)"></portico-auth>
    </div>`);
    for (const el of wrapper.querySelectorAll('portico-auth')) {
      const parts = await authParts(el);
      expect(style(parts.card).backgroundColor).to.equal('rgb(10, 20, 30)');
      expect(style(parts.submit).backgroundColor).to.equal('rgb(0, 128, 0)');
      // An unset token still takes the dark default.
      expect(style(parts.label).color).to.equal('rgb(243, 244, 246)');
    }
  });

  it("gives a host's light or dark brand colour button text of at least 4.5:1, in both schemes", async () => {
    for (const primary of ['#fde047', '#1e3a8a']) {
      for (const scheme of ['light', 'dark'] as const) {
        await emulateMedia({ colorScheme: scheme });
        const wrapper = await fixture<HTMLDivElement>(html`<div style="--portico-color-primary: ${primary}">
          <portico-auth theme=${scheme}></portico-auth>
          <portico-auth theme="auto"></portico-auth>
        </div>`);
        for (const el of wrapper.querySelectorAll('portico-auth')) {
          const { submit } = await authParts(el);
          const ratio = contrast(style(submit).color, style(submit).backgroundColor);
          expect(ratio, `${primary}, ${el.getAttribute('theme')} in ${scheme}`).to.be.at.least(4.5);
        }
      }
    }
  });

  it('keeps the text colour a host sets on its primary colour', async () => {
    const el = await fixture<PorticoAuth>(
      html`<portico-auth theme="dark" style="--portico-color-primary: #fde047; --portico-color-on-primary: rgb(60, 10, 90)"></portico-auth>`,
    );
    expect(style((await authParts(el)).submit).color).to.equal('rgb(60, 10, 90)');
  });

  it('applies page ::part() rules to the card, heading and wrappers', async () => {
    sheets.push(
      pageStyle(`
        portico-auth::part(card) { border-top-width: 7px; }
        portico-auth::part(heading) { letter-spacing: 3px; }
        portico-auth::part(header) { padding-top: 11px; }
        portico-button::part(base) { padding-top: 5px; }
        portico-field::part(control) { padding-top: 6px; }
      `),
    );
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    const parts = await authParts(el);

    expect(style(parts.card).borderTopWidth).to.equal('7px');
    expect(style(parts.heading).letterSpacing).to.equal('3px');
    expect(style(el.shadowRoot?.querySelector('[part="header"]') as Element).paddingTop).to.equal('11px');
    const buttonBase = el.querySelector('portico-button')?.shadowRoot?.querySelector('[part~="base"]');
    expect(style(buttonBase as Element).paddingTop).to.equal('5px');
    const control = el.querySelector('portico-field')?.shadowRoot?.querySelector('[part~="control"]');
    expect(style(control as Element).paddingTop).to.equal('6px');
  });

  it('shows a slotted logo, heading and footer, and takes no room for empty ones', async () => {
    const plain = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    await authParts(plain);
    const plainLogo = plain.shadowRoot?.querySelector('[part="logo"]') as HTMLElement;
    const plainFooter = plain.shadowRoot?.querySelector('[part="footer"]') as HTMLElement;
    expect(style(plainLogo).display).to.equal('none');
    expect(style(plainFooter).display).to.equal('none');

    const el = await fixture<PorticoAuth>(html`<portico-auth>
      <img slot="logo" alt="Acme" width="40" height="40" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" />
      <span slot="heading">Acme portal</span>
      <a slot="footer" href="#help">Help</a>
    </portico-auth>`);
    const parts = await authParts(el);
    await new Promise((resolve) => requestAnimationFrame(resolve));

    const logo = el.shadowRoot?.querySelector('[part="logo"]') as HTMLElement;
    const footer = el.shadowRoot?.querySelector('[part="footer"]') as HTMLElement;
    expect(style(logo).display).to.not.equal('none');
    expect(style(footer).display).to.not.equal('none');
    expect(logo.getBoundingClientRect().height).to.be.greaterThan(0);
    expect(footer.getBoundingClientRect().height).to.be.greaterThan(0);
    const headingSlot = parts.heading.querySelector<HTMLSlotElement>('slot[name="heading"]');
    expect(headingSlot?.assignedElements().map((node) => node.textContent)).to.deep.equal(['Acme portal']);
    // The slotted heading replaces the step's own; the form stays in the light DOM, in the card.
    expect(parts.heading.getBoundingClientRect().width).to.be.greaterThan(0);
    expect(parts.input.getRootNode()).to.equal(document);
    expect(parts.input.closest('form')).to.not.equal(null);
  });

  it("keeps aggressive page rules off <portico-auth>'s controls, heading and text", async () => {
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    const parts = await authParts(el);
    const before = snapshot(parts);

    sheets.push(
      pageStyle(`
        button, input { font: 30px serif; border: 5px dotted red; margin: 20px; padding: 15px; height: 90px;
          width: 50px; color: red; background: yellow; text-transform: uppercase; letter-spacing: 4px; }
        label { font-size: 40px; color: red; margin: 30px; }
        p { margin: 50px; }
        h1, h2 { font-size: 60px; margin: 40px; color: red; font-family: serif; }
        form { margin: 25px; padding: 25px; border: 3px solid red; }
        body { text-transform: uppercase; letter-spacing: 3px; font-style: italic; font-weight: 300; }
      `),
    );
    await new Promise((resolve) => requestAnimationFrame(resolve));

    expect(snapshot(parts)).to.deep.equal(before);
  });

  it('keeps page rules for bare p and li off the text nested in the light-DOM forms, not off what a host slots in', async () => {
    const el = await fixture<PorticoAuth>(html`<portico-auth><p slot="footer">Host footer</p></portico-auth>`);
    await authParts(el);
    el.querySelector<HTMLButtonElement>('portico-button[variant="text"] button')?.click(); // "Forgot password?"
    await el.updateComplete;
    const reset = el.querySelector('portico-forgot-password');
    await reset?.updateComplete;
    const intro = reset?.querySelector('form p');
    const footer = el.querySelector('p[slot="footer"]');
    if (!intro || !footer) throw new Error('no reset form intro or footer');
    const before = snapshot({ intro });

    sheets.push(pageStyle('p, li { margin: 50px; font-size: 40px; color: rgb(255, 0, 0); text-transform: uppercase; }'));

    expect(snapshot({ intro })).to.deep.equal(before);
    // The host's own slotted content is the host's to style.
    expect(style(footer).fontSize).to.equal('40px');
    expect(style(footer).color).to.equal('rgb(255, 0, 0)');
  });

  it('guards the light-DOM text of an element defined later, under a tag no list names', async () => {
    // A Portico element registered after the others (as a lazily loaded chunk's are), rendering into its light DOM.
    class LaterElement extends PorticoElement {
      protected override createRenderRoot(): HTMLElement {
        return this;
      }
      override render() {
        return html`<p>Later text</p>`;
      }
    }
    const tag = `portico-later-${Math.random().toString(36).slice(2)}`;
    customElements.define(tag, LaterElement);
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const el = document.createElement(tag) as LaterElement;
    container.append(el);
    await el.updateComplete;
    const text = el.querySelector('p');
    if (!text) throw new Error('no text rendered');
    const before = snapshot({ text });

    sheets.push(pageStyle('p { margin: 50px; font-size: 40px; color: rgb(255, 0, 0); }'));

    expect(snapshot({ text })).to.deep.equal(before);
  });

  it("does not change the page's own buttons, inputs, paragraphs and headings", async () => {
    const markup = `<div style="width: 400px">
      <h2>Page heading</h2>
      <p>Page text</p>
      <ul><li>Page item</li></ul>
      <label for="page-input">Page label</label>
      <input id="page-input" />
      <button type="button">Page button</button>
    </div>`;
    const elementsOf = (root: ParentNode) => ({
      heading: root.querySelector('h2') as Element,
      text: root.querySelector('p') as Element,
      item: root.querySelector('li') as Element,
      label: root.querySelector('label') as Element,
      input: root.querySelector('input') as Element,
      button: root.querySelector('button') as Element,
    });

    // The same markup in a frame where no Portico code ever ran: the browser's own look.
    const frame = document.createElement('iframe');
    frame.style.width = '600px';
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    frame.srcdoc = `<!doctype html><html lang="en"><body>${markup}</body></html>`;
    document.body.append(frame);
    await loaded;
    const untouched = snapshot(elementsOf(frame.contentDocument as Document));
    frame.remove();

    // This page, with Portico elements rendered next to the markup, in both schemes.
    const page = document.createElement('div');
    page.innerHTML = `${markup}<portico-auth theme="dark"></portico-auth><portico-auth></portico-auth>
      <portico-field><label slot="label" for="x">X</label><input id="x" /></portico-field>
      <portico-button><button type="button">Go</button></portico-button>`;
    document.body.append(page);
    try {
      for (const el of page.querySelectorAll('portico-auth')) await authParts(el);
      expect(snapshot(elementsOf(page))).to.deep.equal(untouched);
    } finally {
      page.remove();
    }
  });

  describe('dark scheme accessibility', () => {
    it('passes axe for <portico-auth>', async () => {
      const el = await fixture<PorticoAuth>(html`<portico-auth theme="dark"></portico-auth>`);
      await authParts(el);
      await expect(el).to.be.accessible();
    });

    it('passes axe for <portico-forgot-password> on its own', async () => {
      const el = await fixture(html`<portico-forgot-password theme="dark"></portico-forgot-password>`);
      await expect(el).to.be.accessible();
    });

    it('passes axe for an alert and a text button', async () => {
      const el = await fixture(html`<div>
        <portico-alert theme="dark">Something went wrong.</portico-alert>
        <portico-button theme="dark" variant="text"><button type="button">Back to sign in</button></portico-button>
      </div>`);
      await expect(el).to.be.accessible();
    });

    it('passes axe for <portico-account-picker>', async () => {
      const accounts = [
        { customerId: 'NL123421341', name: 'Acme Hosting NL' },
        { customerId: 'SG998877', name: 'Acme Singapore' },
      ];
      const el = await fixture(html`<portico-account-picker
        theme="dark"
        .accounts=${accounts}
        .activeAccount=${accounts[0]}
      ></portico-account-picker>`);
      await expect(el).to.be.accessible();
    });
  });
});
