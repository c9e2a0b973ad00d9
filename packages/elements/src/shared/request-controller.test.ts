import type { PorticoErrorDetail } from '@portico/contract';
import { PorticoApiError } from '@portico/client';
import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { nothing } from 'lit';
import { defineElement } from '../define.ts';
import { errorMessage } from '../i18n/error-message.ts';
import { LightDomFormElement } from './light-dom-form-element.ts';
import { RequestController } from './request-controller.ts';

// The busy → call → error → focus → announce pattern every Portico form shares, on a bare element.

class RequestProbe extends LightDomFormElement {
  readonly request = new RequestController(this, {
    focus: (error) => error.code === 'invalid_request' && this.querySelector('input')?.focus(),
    handled: (error) => error.code === 'mfa_expired',
  });

  protected override renderForm() {
    const { busy, error } = this.request;
    return html`<input aria-label="Field" /><button type="button" aria-busy=${busy ? 'true' : 'false'}>Go</button>
      <p role="alert">${error ? errorMessage(this.i18n, error) : nothing}</p>`;
  }
}
defineElement('portico-request-probe', RequestProbe);

/** A call the test settles when it likes, and the signal it was given. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  let signal: AbortSignal | null = null;
  const call = (given: AbortSignal) => {
    signal = given;
    return new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
  };
  return { call, resolve: (value: T) => resolve(value), reject: (error: unknown) => reject(error), signal: () => signal };
}

const alertText = (el: Element) => el.querySelector('[role="alert"]')?.textContent?.trim() ?? '';
const busyState = (el: Element) => el.querySelector('button')?.getAttribute('aria-busy');

describe('RequestController', () => {
  it('is busy while a request runs, ignores a second one, and answers with the first one’s result', async () => {
    const el = await fixture<RequestProbe>(html`<portico-request-probe></portico-request-probe>`);
    const first = deferred<string>();
    const running = el.request.run(first.call);
    await el.updateComplete;
    expect(busyState(el)).to.equal('true');
    expect(await el.request.run(() => Promise.resolve('second'))).to.equal(undefined);
    first.resolve('first');
    expect(await running).to.equal('first');
    await el.updateComplete;
    expect(busyState(el)).to.equal('false');
  });

  it('shows a failure as its message, focuses the field to fix, then announces it; the next run clears it', async () => {
    const el = await fixture<RequestProbe>(html`<portico-request-probe></portico-request-probe>`);
    const announced = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    const answer = await el.request.run(() => Promise.reject(new PorticoApiError(400, 'invalid_request', 'bad')));
    expect(answer).to.equal(undefined);
    const { detail } = await announced;
    expect(detail.code).to.equal('invalid_request');
    expect(detail.message).to.equal(alertText(el));
    expect(alertText(el)).to.not.equal('');
    expect(document.activeElement).to.equal(el.querySelector('input'));

    const next = deferred<string>();
    const running = el.request.run(next.call);
    await el.updateComplete;
    expect(alertText(el)).to.equal('', 'the old error goes while the next request runs');
    next.resolve('ok');
    await running;
  });

  it('leaves a failure the element handles otherwise unshown and unannounced', async () => {
    const el = await fixture<RequestProbe>(html`<portico-request-probe></portico-request-probe>`);
    let announced = false;
    el.addEventListener('portico-error', () => (announced = true));
    await el.request.run(() => Promise.reject(new PorticoApiError(401, 'mfa_expired', 'expired')));
    await el.updateComplete;
    expect(announced).to.equal(false);
    expect(alertText(el)).to.equal('');
    expect(el.request.error).to.equal(null);
  });

  it('aborts the request under way when the element leaves the page, and shows neither its answer nor its failure', async () => {
    const el = await fixture<RequestProbe>(html`<portico-request-probe></portico-request-probe>`);
    let announced = false;
    el.addEventListener('portico-error', () => (announced = true));
    const pending = deferred<string>();
    const running = el.request.run(pending.call);
    fixtureCleanup();
    expect(pending.signal()?.aborted).to.equal(true);
    pending.reject(new PorticoApiError(0, 'network_error', 'aborted'));
    expect(await running).to.equal(undefined);
    expect(announced).to.equal(false);
    expect(el.request.error).to.equal(null);
    expect(el.request.busy).to.equal(false);
  });

  it('a run that replaces the one under way aborts it; only the newer answer counts', async () => {
    const el = await fixture<RequestProbe>(html`<portico-request-probe></portico-request-probe>`);
    const older = deferred<string>();
    const olderRun = el.request.run(older.call);
    const newerRun = el.request.run(() => Promise.resolve('newer'), { replace: true });
    expect(older.signal()?.aborted).to.equal(true);
    older.resolve('older');
    expect(await olderRun).to.equal(undefined);
    expect(await newerRun).to.equal('newer');
    await el.updateComplete;
    expect(busyState(el)).to.equal('false');
  });

  it('a load runs `failed` with the failure before it is shown, then shows and announces it', async () => {
    const el = await fixture<RequestProbe>(html`<portico-request-probe></portico-request-probe>`);
    const announced = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    const seen: { code: string; alert: string }[] = [];
    const answer = await el.request.load(
      () => Promise.reject(new PorticoApiError(0, 'network_error', 'offline')),
      (error) => void seen.push({ code: error.code, alert: alertText(el) }),
    );
    expect(answer).to.equal(undefined);
    expect(seen).to.deep.equal([{ code: 'network_error', alert: '' }]);
    expect((await announced).detail.code).to.equal('network_error');
    expect(alertText(el)).to.not.equal('');
  });

  it('a newer load replaces one whose `failed` is still running: that failure is neither shown nor announced', async () => {
    const el = await fixture<RequestProbe>(html`<portico-request-probe></portico-request-probe>`);
    let announced = false;
    el.addEventListener('portico-error', () => (announced = true));
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let replaced: boolean | null = null;
    const older = el.request.load(
      () => Promise.reject(new PorticoApiError(0, 'network_error', 'offline')),
      async (_error, signal) => {
        await released;
        replaced = signal.aborted;
      },
    );
    // Let the older load fail and reach `failed`.
    await new Promise((resolve) => setTimeout(resolve));
    const newer = el.request.load(() => Promise.resolve('newer'));
    release();
    expect(await older).to.equal(undefined);
    expect(await newer).to.equal('newer');
    expect(replaced).to.equal(true);
    await el.updateComplete;
    expect(announced).to.equal(false);
    expect(el.request.error).to.equal(null);
    expect(busyState(el)).to.equal('false');
  });
});
