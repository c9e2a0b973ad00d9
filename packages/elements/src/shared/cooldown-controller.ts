import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The wait before a code may be sent again ("Resend code (in n s)"): started from the server's
 * `resendAfterSeconds` (or a `rate_limited` answer's `retryAfterSeconds`), it re-renders its host every second until
 * the wait is over.
 */
export class CooldownController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private until = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  /** Whole seconds left to wait; 0 when a code may be sent. */
  get seconds(): number {
    return Math.max(0, Math.ceil((this.until - Date.now()) / 1000));
  }

  start(seconds: number): void {
    this.stop();
    this.until = Date.now() + seconds * 1000;
    if (seconds > 0) {
      this.timer = setInterval(() => {
        if (this.seconds === 0) this.stop();
        this.host.requestUpdate();
      }, 1000);
    }
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.stop();
  }

  private stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
