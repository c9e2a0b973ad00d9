import type { Clock } from '../ports/clock.ts';
import type { Random } from '../ports/random.ts';
import type { Store } from '../ports/store.ts';
import { generateToken, hashToken } from './tokens.ts';

/** How long a browser stays known after its last sign-in. */
const knownBrowserDays = 90;

/** A browser that signed in before, and as whom. */
export interface KnownBrowser {
  id: string;
  userId: string;
}

/**
 * Browsers that signed in to an account before (OWASP's device cookies, "Slow down online guessing attacks with
 * device cookies"). Every completed sign-in leaves a random token in an HttpOnly cookie; failed sign-ins from a browser
 * that presents a live one for the account spend that browser's own budget (see Budgets.failures), so somebody
 * guessing the password elsewhere cannot lock the owner out where they usually sign in. Only the token's SHA-256 is
 * stored; a password reset forgets the user's browsers.
 */
export class KnownBrowsers {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  /** The live known browser behind a cookie token, if any. */
  async identify(token: string | undefined): Promise<KnownBrowser | null> {
    if (!token) return null;
    const browser = await this.store.findKnownBrowser(await hashToken(token));
    if (!browser || this.clock.now() >= browser.expiresAt) return null;
    return { id: browser.id, userId: browser.userId };
  }

  /**
   * `userId` has just signed in on this browser: its token (kept when it is already this user's, so one browser stays
   * one budget) and when the cookie should expire.
   */
  async remember(userId: string, previousToken: string | undefined): Promise<{ token: string; expiresAt: Date }> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + knownBrowserDays * 86_400_000);
    const previous = previousToken ? await this.store.findKnownBrowser(await hashToken(previousToken)) : null;
    const keep = previous !== null && previousToken !== undefined && previous.userId === userId && now < previous.expiresAt;
    const token = keep ? previousToken : generateToken(this.random);
    await this.store.saveKnownBrowser({
      id: keep ? previous.id : this.random.uuid(),
      tokenHash: await hashToken(token),
      userId,
      createdAt: keep ? previous.createdAt : now,
      lastSignInAt: now,
      expiresAt,
    });
    return { token, expiresAt };
  }

  sweep(): Promise<number> {
    return this.store.deleteKnownBrowsersExpiredBefore(this.clock.now());
  }
}
