import { expect, fixture, html } from '@open-wc/testing';
import { defineElement } from '../define.ts';
import { PorticoElement } from '../shared/portico-element.ts';
import { en } from './messages.en.ts';
import { loadCatalogue, msg, setCatalogue } from './msg.ts';

// Each element speaks its own language through its LocalizeController (`i18n`), at the moment text is made.

class LanguageProbe extends PorticoElement {
  override render() {
    return html`<p>${this.msg('signInHeading')}</p>`;
  }

  /** Text made after an await, as a form's error or a status line is. */
  async textLater(whileWaiting: () => Promise<unknown>): Promise<string> {
    await whileWaiting();
    return this.msg('signedInAs', { email: 'ada@example.se' });
  }
}
defineElement('portico-language-probe', LanguageProbe);

const rendered = (el: LanguageProbe) => el.shadowRoot?.querySelector('p')?.textContent ?? '';

describe('LocalizeController', () => {
  before(() => loadCatalogue('sv'));
  afterEach(() => setCatalogue(en));

  it('writes text made after an await in its element’s language, while an element in another language renders', async () => {
    const swedish = await fixture<LanguageProbe>(html`<portico-language-probe lang="sv"></portico-language-probe>`);
    const english = await fixture<LanguageProbe>(html`<portico-language-probe lang="en"></portico-language-probe>`);
    const text = await swedish.textLater(async () => {
      english.requestUpdate();
      await english.updateComplete;
    });
    expect(text).to.equal('Du är inloggad som ada@example.se.');
    expect(rendered(swedish)).to.equal('Logga in');
    expect(rendered(english)).to.equal('Sign in');
  });

  it('speaks the element’s language outside any update too, whatever msg() is set to', async () => {
    const swedish = await fixture<LanguageProbe>(html`<portico-language-probe lang="sv"></portico-language-probe>`);
    setCatalogue({ ...en, signInHeading: 'Log on' });
    expect(swedish.i18n.msg('signInHeading')).to.equal('Logga in');
    expect(swedish.i18n.locale).to.equal('sv');
    expect(msg('signInHeading')).to.equal('Log on');
    swedish.lang = 'en';
    expect(swedish.i18n.msg('signInHeading')).to.equal('Sign in', 'the language is asked when the text is made');
  });
});
