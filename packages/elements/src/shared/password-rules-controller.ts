import type { PasswordRules } from '@portico/contract';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { configFor } from '../api/api.ts';

/** An element that takes password rules as a property and otherwise fetches them from its API. */
export interface PasswordRulesHost extends ReactiveControllerHost {
  /** Base URL of the Portico API; empty means this page's origin. */
  readonly api: string;
  /** The rules set by the page; null means fetch them. */
  readonly rules: PasswordRules | null;
}

/**
 * Supplies the password rules of a form: the host's `rules` when set, else the ones fetched from
 * `GET /api/config` (once per page and API, see `configFor`) when the host is connected.
 */
export class PasswordRulesController implements ReactiveController {
  private readonly host: PasswordRulesHost;
  private fetched: PasswordRules | null = null;

  constructor(host: PasswordRulesHost) {
    this.host = host;
    host.addController(this);
  }

  /** The rules in force: the host's own, else the fetched ones, else null (not known yet, or fetching failed). */
  get value(): PasswordRules | null {
    return this.host.rules ?? this.fetched;
  }

  hostConnected(): void {
    if (this.host.rules) return;
    configFor(this.host.api).then(
      (config) => {
        this.fetched = config.passwords;
        this.host.requestUpdate();
      },
      () => undefined, // The checklist stays empty; the server still checks the rules on submit.
    );
  }
}
