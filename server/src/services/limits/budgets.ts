import type { Policy } from '@portico/contract';
import type { Budget } from './attempt-limiter.ts';
import { clientNetwork } from './client-network.ts';

/** Who is asking: the client's address, and, if this browser signed in before, to whose account. */
export interface Requester {
  /** The client's address after trusted proxies. */
  address: string;
  /** The browser's known-browser cookie, resolved: the browser's id and the user it signed in as. */
  knownBrowser: { id: string; userId: string } | null;
}

/**
 * Who asked for a send: anyone, from a client address (counted per client network); a user who proved their password
 * (counted per user); such a user sending to a number nobody has proven yet (both); or the admin API, the portal's
 * own back end (counted per destination only: its calls come from one address and speak for many customers).
 */
export type SendRequester =
  | { address: string; userId?: undefined; byAdmin?: undefined }
  | { userId: string; address?: string; byAdmin?: undefined }
  | { byAdmin: true; address?: undefined; userId?: undefined };

const hour = 3600;
const day = 24 * hour;

/** Consecutive failures of an account drop out of its cap after this long (the cap bites before: see Policy). */
export const consecutiveFailureDays = 30;

/**
 * Every budget Portico keeps, in one place: README's Security section mirrors this file. A key is
 * `<scope>:<subject>`; the scope says what is counted, and how long its events are kept (`retention`).
 */
export class Budgets {
  constructor(private readonly policy: Policy) {}

  /**
   * A failed proof of who one is (a wrong password, a wrong code of the second step or of re-authentication), for
   * `login` (an e-mail address or customer ID) whose user is `userId` (null: none, or a customer-ID login). A browser
   * that signed in to that user before spends its own budget and nothing else, so a guesser elsewhere cannot lock
   * the owner out on it. Any other browser spends the client network's (set above what an office reaches), the
   * account's from that network, and the account's own, which grows stricter over time: twice the per-network
   * budget in the window, five times a day, and at most `maxConsecutiveFailures` until a sign-in or reset.
   */
  failures(login: string, requester: Requester, userId: string | null): Budget[] {
    const { maxFailures, windowSeconds, maxFailuresPerAddress, maxConsecutiveFailures } = this.policy.signInLimits;
    const browser = this.knownBrowserOf(requester, userId);
    if (browser) {
      const key = `fail-browser:${browser}`;
      return [
        { key, max: maxFailures, windowSeconds },
        { key, max: maxFailures * 5, windowSeconds: day },
        // Someone at the owner's browser (a stolen laptop) is capped like anyone else, in a row.
        { key, max: maxConsecutiveFailures, windowSeconds: consecutiveFailureDays * day },
      ];
    }
    const network = clientNetwork(requester.address);
    const account = `fail-account:${login}`;
    return [
      { key: this.networkFailureKey(requester.address), max: maxFailuresPerAddress, windowSeconds },
      { key: `fail-account-ip:${login}|${network}`, max: maxFailures, windowSeconds },
      { key: account, max: maxFailures * 2, windowSeconds },
      { key: account, max: maxFailures * 5, windowSeconds: day },
      { key: account, max: maxConsecutiveFailures, windowSeconds: consecutiveFailureDays * day },
    ];
  }

  /** What a completed sign-in forgives: the account's failures (from this network, and as a whole) or the browser's. */
  forgiven(login: string, requester: Requester, userId: string | null): string[] {
    const browser = this.knownBrowserOf(requester, userId);
    const keys = [`fail-account:${login}`, `fail-account-ip:${login}|${clientNetwork(requester.address)}`];
    return browser ? [...keys, `fail-browser:${browser}`] : keys;
  }

  /**
   * What a completed password reset forgives (it proved the mailbox: the owner is back): the account's failures, and
   * its failures from every network. Returns the keys to clear and the key prefix to clear.
   */
  resetForgives(login: string): { keys: string[]; prefixes: string[] } {
    return { keys: [`fail-account:${login}`], prefixes: [`fail-account-ip:${login}|`] };
  }

  /** The key of a client network's failed sign-ins across logins (see `failures`). */
  networkFailureKey(address: string): string {
    return `fail-ip:${clientNetwork(address)}`;
  }

  /** Whether a refusal came from a consecutive-failure cap, which only a reset (or a sign-in) lifts. */
  isConsecutiveCap(budget: Budget): boolean {
    return (budget.key.startsWith('fail-account:') || budget.key.startsWith('fail-browser:')) && budget.windowSeconds === consecutiveFailureDays * day;
  }

  /**
   * Wrong codes typed at sign-up (`POST /api/sign-up/verify`), beyond each code's own tries: per address across its
   * codes, and per client network across addresses.
   */
  codeChecks(email: string, address: string): Budget[] {
    return [
      { key: `code-address:${email}`, max: this.policy.verification.maxCodeAttempts * 2, windowSeconds: hour },
      { key: `code-ip:${clientNetwork(address)}`, max: this.policy.signInLimits.maxFailuresPerAddress, windowSeconds: hour },
    ];
  }

  /**
   * A mail or text of `purpose` to `destination`. Per purpose and destination, so mails a stranger can trigger
   * (a sign-up, a reset) never use up the codes of the owner's own sign-in; anonymous requests per client network
   * too; codes for a user who proved their password per user instead (a stranger cannot trigger them, and an office
   * behind one address is not one client); texts to a number being set up per both (any account can name any number,
   * so many accounts from one network must not text many numbers).
   */
  sends(purpose: string, destination: string, requester: SendRequester): Budget[] {
    const { sendsPerAddress, sendsPerIp } = this.policy.verification;
    const budgets: Budget[] = [{ key: `send:${purpose}:${destination}`, max: sendsPerAddress.max, windowSeconds: sendsPerAddress.windowSeconds }];
    if (requester.address !== undefined) {
      budgets.push({ key: `send-ip:${clientNetwork(requester.address)}`, max: sendsPerIp.max, windowSeconds: sendsPerIp.windowSeconds });
    }
    if (requester.userId !== undefined) {
      // Across the user's numbers and addresses (e.g. texting codes to number after number).
      budgets.push({ key: `send-user:${requester.userId}`, max: sendsPerAddress.max * 4, windowSeconds: sendsPerAddress.windowSeconds });
    }
    return budgets;
  }

  /** The least time between two sends of one purpose to one destination (`subject` may be finer, e.g. ID and address). */
  cooldown(purpose: string, subject: string): Budget | null {
    const seconds = this.policy.verification.resendCooldownSeconds;
    return seconds > 0 ? { key: `cooldown:${purpose}:${subject}`, max: 1, windowSeconds: seconds } : null;
  }

  /** A notice mail anyone can trigger for someone else (someone tried to sign up with their address): once a day. */
  notice(template: string, recipient: string): Budget {
    return { key: `notice:${template}:${recipient}`, max: 1, windowSeconds: day };
  }

  /** How long each scope's events are kept: as long as its longest window. */
  get retention(): ReadonlyMap<string, number> {
    const { signInLimits, verification } = this.policy;
    return new Map([
      ['fail-ip', signInLimits.windowSeconds],
      ['fail-account-ip', signInLimits.windowSeconds],
      ['fail-account', consecutiveFailureDays * day],
      ['fail-browser', consecutiveFailureDays * day],
      ['code-address', hour],
      ['code-ip', hour],
      ['send', verification.sendsPerAddress.windowSeconds],
      ['send-ip', verification.sendsPerIp.windowSeconds],
      ['send-user', verification.sendsPerAddress.windowSeconds],
      ['cooldown', Math.max(1, verification.resendCooldownSeconds)],
      ['notice', day],
    ]);
  }

  private knownBrowserOf(requester: Requester, userId: string | null): string | null {
    const browser = requester.knownBrowser;
    return browser && userId !== null && browser.userId === userId ? browser.id : null;
  }
}
