import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onSessionChange } from '../api/session-sync.ts';

/**
 * Calls `react` while its host is connected, whenever the session at the host's API starts or ends: signed in or out
 * in this or another tab, or found ended by a request. Signed-in elements kept on a page across sessions (hidden while
 * the host shows its sign-in form) use it, so that what they showed of the old session (an error, a half-typed form)
 * is not what the next one finds.
 */
export class SessionFollower implements ReactiveController {
  private readonly host: ReactiveControllerHost & { readonly api: string };
  private readonly react: (signedIn: boolean) => void;
  private stop = (): unknown => undefined;

  constructor(host: ReactiveControllerHost & { readonly api: string }, react: (signedIn: boolean) => void) {
    this.host = host;
    this.react = react;
    host.addController(this);
  }

  hostConnected(): void {
    this.stop = onSessionChange((api, signedIn) => api === this.host.api && this.react(signedIn));
  }

  hostDisconnected(): void {
    this.stop();
  }
}
