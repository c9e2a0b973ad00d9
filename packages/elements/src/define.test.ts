import { expect } from '@open-wc/testing';
import { defineElement } from './define.ts';
import { PorticoAuth } from './index.ts';

describe('defineElement', () => {
  it('registers every element when the package entry is imported', () => {
    for (const tag of [
      'portico-auth',
      'portico-login-form',
      'portico-field',
      'portico-button',
      'portico-alert',
      'portico-spinner',
      'portico-new-password',
      'portico-forgot-password',
      'portico-set-password',
      'portico-change-password',
      'portico-code-input',
      'portico-signup',
      'portico-account-picker',
    ]) {
      expect(customElements.get(tag), tag).to.not.equal(undefined);
    }
    expect(customElements.get('portico-auth')).to.equal(PorticoAuth);
  });

  it('skips a tag that is taken, so loading the bundle twice does not throw', () => {
    class Impostor extends HTMLElement {}
    expect(() => defineElement('portico-auth', Impostor)).to.not.throw();
    expect(customElements.get('portico-auth')).to.equal(PorticoAuth);
  });
});
