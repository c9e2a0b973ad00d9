import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { toShownError } from '../api/api.ts';
import { afterEdit, errorMessage, type ShownError } from '../i18n/error-message.ts';
import type { Localizer } from '../i18n/localize-controller.ts';
import { announceError } from '../shared-events.ts';

/** How an element shows a failed request; each part has a default. */
export interface RequestOptions {
  /** The text shown and announced for a failure (default: `errorMessage`). */
  readonly message?: (error: ShownError) => string;
  /** Puts focus where the failure is fixed (a field), once the failure is on screen. Default: focus stays. */
  readonly focus?: (error: ShownError) => void;
  /**
   * A failure the element deals with otherwise (e.g. one that ends the flow, handed to the element's owner): return
   * true, and it is neither shown nor announced here.
   */
  readonly handled?: (error: ShownError) => boolean;
}

/** An element with requests: it updates, and speaks a language. */
type RequestHost = ReactiveControllerHost & Element & { readonly i18n: Localizer };

/** How one request runs. */
export interface RunOptions {
  /** Aborts the request running, if any, instead of being ignored while it runs. */
  readonly replace?: boolean;
  /** Where a failure of this request puts the focus, instead of the controller's `focus`. */
  readonly focus?: (error: ShownError) => void;
  /**
   * Done (and, if it returns a promise, waited for) before a failure is shown, also one the controller's `handled`
   * takes: e.g. reading a list again so that its rows say what is true beside the refusal. It gets the failure, and
   * the request's signal, which fires if a newer request replaces this one meanwhile (then the failure is not shown).
   */
  readonly beforeFailure?: (error: ShownError, signal: AbortSignal) => unknown;
}

/**
 * One request of an element at a time, with what every Portico form does around it: `busy` while it runs (the
 * submit button shows its spinner, and a second submit is ignored), the previous error cleared first (so a repeated
 * error is new text in the live region and is read again), a failure turned into the error the element shows, focus
 * taken to the field to fix, and `portico-error` announced once the failure is on screen. A request still running
 * when the element leaves the page, or when a newer one replaces it (`run` with `replace`), is aborted: its signal
 * fires, and neither its answer nor its failure is shown.
 */
export class RequestController implements ReactiveController {
  /** A request is running. */
  busy = false;
  /** The failure shown, or null. */
  error: ShownError | null = null;

  private readonly host: RequestHost;
  private readonly options: RequestOptions;
  private running: AbortController | null = null;

  constructor(host: RequestHost, options: RequestOptions = {}) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  /**
   * Runs `call` and resolves with its answer; resolves with undefined when it failed (the failure is shown), was
   * aborted, or another request was running (unless `replace`: that one is aborted instead).
   */
  async run<T>(call: (signal: AbortSignal) => Promise<T>, how: RunOptions = {}): Promise<T | undefined> {
    if (this.running && !how.replace) return undefined;
    this.running?.abort();
    const running = new AbortController();
    this.running = running;
    this.error = null;
    this.busy = true;
    this.host.requestUpdate();
    try {
      const answer = await call(running.signal);
      return running.signal.aborted ? undefined : answer;
    } catch (error) {
      if (running.signal.aborted) return undefined;
      const shown = toShownError(error);
      await how.beforeFailure?.(shown, running.signal);
      if (!running.signal.aborted) await this.show(shown, how.focus);
      return undefined;
    } finally {
      if (this.running === running) {
        this.running = null;
        this.busy = false;
        this.host.requestUpdate();
      }
    }
  }

  /**
   * Reads what the element shows (its first read, or a reload): a newer load replaces one still running, whose answer
   * is then not shown. `failed` runs before a failure is shown, as `beforeFailure` does, so that the element stops
   * showing what it read before (or shows a state of its own, for a failure `handled` takes) while the failure is
   * announced. Resolves as `run` does.
   */
  load<T>(call: (signal: AbortSignal) => Promise<T>, failed?: RunOptions['beforeFailure']): Promise<T | undefined> {
    return this.run(call, { replace: true, beforeFailure: failed });
  }

  /** Shows `error` as a request's failure would be (for failures found without a request, e.g. a step not loaded). */
  fail(error: unknown, focus?: (error: ShownError) => void): Promise<void> {
    return this.show(toShownError(error), focus);
  }

  /** Shows a failure found before anything was sent (a typo the element checks itself), as a request's would be. */
  async show(shown: ShownError, focus = this.options.focus): Promise<void> {
    if (this.options.handled?.(shown)) return;
    this.error = shown;
    this.busy = false;
    this.host.requestUpdate();
    await this.host.updateComplete;
    focus?.(shown);
    announceError(this.host, shown, (this.options.message ?? ((failure: ShownError) => errorMessage(this.host.i18n, failure)))(shown));
  }

  /** A field was edited: an error about what was typed there no longer applies (others stay). */
  edited(): void {
    const error = afterEdit(this.error);
    if (error === this.error) return;
    this.error = error;
    this.host.requestUpdate();
  }

  /** Shows no error (the step changed). */
  clear(): void {
    if (this.error === null) return;
    this.error = null;
    this.host.requestUpdate();
  }

  /** Aborts the request running, if any: its answer will not be shown. */
  abort(): void {
    this.running?.abort();
    this.running = null;
    if (this.busy) {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  hostDisconnected(): void {
    this.abort();
  }
}
