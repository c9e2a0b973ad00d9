import { type BankIdStep, RfaCode } from '@portico/contract';
import { BankIdError, type BankIdRelyingParty } from '../../ports/bankid.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Random } from '../../ports/random.ts';
import type { BankIdOrderRecord, Store, UserRecord } from '../../ports/store.ts';
import type { SecretBox } from '../mfa/secret-box.ts';
import type { FlowError } from '../password-flows.ts';
import { generateToken, hashToken } from '../tokens.ts';
import type { PersonalNumbers } from './personal-numbers.ts';
import { bankIdQrData } from './qr.ts';
import { rfaForCollect, rfaForError } from './user-messages.ts';

/** How often the browser asks: the QR code changes every second. */
const pollAfterMs = 1000;
/** BankID asks relying parties to collect every two seconds, not more often; between collects the QR still advances. */
const collectEverySeconds = 2;
/** Longer than BankID keeps an order (three minutes): after that our row only waits to be swept. */
const orderLifetimeSeconds = 5 * 60;
/**
 * An order whose browser has not polled for this long was left (tab closed, the page gone without a word): it is
 * cancelled at BankID, so a QR code still on some screen cannot be used. The browser collects every two seconds.
 */
const abandonedAfterSeconds = 10;
/** Hint codes after which the app has the order: nothing left to scan. */
const appHasOrder = new Set(['started', 'userSign', 'userMrtd', 'userCallConfirm']);

/** What a poll leads to: still waiting (or failed, on screen with its message), or the person BankID identified. */
export type BankIdProgress = { step: BankIdStep } | { identified: UserRecord };

/**
 * BankID sign-in (leasing portal): starts an order for the browser's address, answers each poll with the QR code of that
 * second (computed here: the QR secret never leaves the server), collects from BankID every two seconds, and on
 * completion finds the user who added that personnummer. The order is bound to a cookie token of the browser that
 * started it; a handle without it is unknown. BankID is two factors on its own (the card or app and its security
 * code), so no second step follows.
 */
export class BankIdSignIn {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly box: SecretBox,
    private readonly personalNumbers: PersonalNumbers,
    private readonly relyingParty: BankIdRelyingParty | null,
  ) {}

  /** A new order; `browserToken` goes into an HttpOnly cookie, the step (with its handle) to the page. */
  async start(endUserIp: string): Promise<{ step: BankIdStep; browserToken: string; expiresAt: Date } | FlowError> {
    if (!this.relyingParty || !this.personalNumbers.available) return { error: 'bankid_unavailable' };
    let order;
    try {
      order = await this.relyingParty.auth({ endUserIp });
    } catch (error) {
      if (error instanceof BankIdError) return { error: 'bankid_unavailable' };
      throw error;
    }
    const handle = generateToken(this.random);
    const browserToken = generateToken(this.random);
    const id = await hashToken(handle);
    const now = this.clock.now();
    const record: BankIdOrderRecord = {
      id,
      browserHash: await hashToken(browserToken),
      orderRef: order.orderRef,
      autoStartToken: order.autoStartToken,
      qrStartToken: order.qrStartToken,
      qrStartSecretSealed: await this.box.seal(order.qrStartSecret, `bankid-order:${id}`),
      status: 'pending',
      hintCode: null,
      failureMessage: null,
      startedAt: now,
      lastCollectAt: null,
      expiresAt: new Date(now.getTime() + orderLifetimeSeconds * 1000),
    };
    await this.store.createBankIdOrder(record);
    return { step: await this.stepOf(handle, record), browserToken, expiresAt: record.expiresAt };
  }

  /** One poll: the step for this second, or the identified user once BankID completes (exactly once per order). */
  async collect(handle: string, browserToken: string | undefined): Promise<BankIdProgress | FlowError> {
    const record = await this.owned(handle, browserToken);
    if (!record) return { error: 'not_found' };
    if (record.status === 'failed' || !this.relyingParty) return { step: await this.stepOf(handle, record) };
    const now = this.clock.now();
    if (record.lastCollectAt && now.getTime() - record.lastCollectAt.getTime() < collectEverySeconds * 1000) {
      return { step: await this.stepOf(handle, record) };
    }
    let result;
    try {
      result = await this.relyingParty.collect(record.orderRef);
    } catch (error) {
      if (!(error instanceof BankIdError)) throw error;
      return { step: await this.fail(handle, record, rfaForError(error), now) };
    }
    if (result.status === 'complete') {
      // Of two polls that both saw completion, only the one that removes the order signs in.
      if (!(await this.store.deleteBankIdOrder(record.id))) return { error: 'not_found' };
      const user = await this.personalNumbers.findUser(result.completion.personalNumber);
      // A disabled login is answered as a personnummer no login has.
      return user && !user.disabledAt ? { identified: user } : { error: 'bankid_unknown_user' };
    }
    const message = rfaForCollect(result, { startedOnThisDevice: false });
    if (result.status === 'failed') return { step: await this.fail(handle, { ...record, hintCode: result.hintCode }, message, now) };
    const updated = { ...record, hintCode: result.hintCode, lastCollectAt: now };
    await this.store.updateBankIdOrder(record.id, { hintCode: result.hintCode, lastCollectAt: now });
    return { step: await this.stepOf(handle, updated) };
  }

  /**
   * The user left or chose another way: BankID is told, and the order is gone. Only the browser that started the order
   * (`browserToken`) cancels it; answers whether it did.
   */
  async cancel(handle: string, browserToken: string | undefined): Promise<boolean> {
    const record = await this.owned(handle, browserToken);
    if (!record) return false;
    await this.store.deleteBankIdOrder(record.id);
    if (record.status === 'pending' && this.relyingParty) {
      await this.relyingParty.cancel(record.orderRef).catch((error: unknown) => {
        if (!(error instanceof BankIdError)) throw error;
      });
    }
    return true;
  }

  async sweep(): Promise<number> {
    await this.cancelAbandoned();
    return this.store.deleteBankIdOrdersExpiredBefore(this.clock.now());
  }

  /**
   * Cancels at BankID the pending orders whose browser stopped polling ~10 s ago; returns how many. Each is
   * collected first: one the app already has stays (on a phone, the browser that opened the BankID app may be
   * frozen in the background while the person approves). The row stays as failed ("Action cancelled", RFA3), so a
   * browser that comes back (Back, a woken tab) is told to try again rather than that the order is unknown.
   */
  async cancelAbandoned(): Promise<number> {
    if (!this.relyingParty) return 0;
    const now = this.clock.now();
    const stale = await this.store.findBankIdOrdersNotCollectedSince(new Date(now.getTime() - abandonedAfterSeconds * 1000));
    let cancelled = 0;
    for (const record of stale) {
      let result;
      try {
        result = await this.relyingParty.collect(record.orderRef);
      } catch (error) {
        if (!(error instanceof BankIdError)) throw error;
        continue; // BankID unreachable now: the next sweep tries again.
      }
      if (result.status === 'pending' && result.hintCode !== null && appHasOrder.has(result.hintCode)) {
        await this.store.updateBankIdOrder(record.id, { hintCode: result.hintCode, lastCollectAt: now });
        continue;
      }
      // Complete or failed: the browser's next poll (if any) finishes it, or it expires.
      if (result.status !== 'pending') continue;
      await this.relyingParty.cancel(record.orderRef).catch((error: unknown) => {
        if (!(error instanceof BankIdError)) throw error;
      });
      await this.store.updateBankIdOrder(record.id, { status: 'failed', hintCode: 'cancelled', failureMessage: 'RFA3', lastCollectAt: now });
      cancelled += 1;
    }
    return cancelled;
  }

  private async owned(handle: string, browserToken: string | undefined): Promise<BankIdOrderRecord | null> {
    if (!browserToken) return null;
    const record = await this.store.findBankIdOrder(await hashToken(handle));
    if (!record || record.expiresAt <= this.clock.now()) return null;
    return record.browserHash === (await hashToken(browserToken)) ? record : null;
  }

  private async fail(handle: string, record: BankIdOrderRecord, message: RfaCode, now: Date): Promise<BankIdStep> {
    const failed = { ...record, status: 'failed' as const, failureMessage: message, lastCollectAt: now };
    await this.store.updateBankIdOrder(record.id, { status: 'failed', hintCode: record.hintCode, failureMessage: message, lastCollectAt: now });
    return this.stepOf(handle, failed);
  }

  /** The page's view of the order now: the QR of this second while there is something to scan. */
  private async stepOf(handle: string, record: BankIdOrderRecord): Promise<BankIdStep> {
    if (record.status === 'failed') {
      const message = RfaCode.safeParse(record.failureMessage);
      return { step: 'bankid', order: handle, status: 'failed', message: message.success ? message.data : 'RFA22', qr: null, autoStartUrl: null, pollAfterMs };
    }
    const scanning = record.hintCode === null || !appHasOrder.has(record.hintCode);
    const seconds = Math.max(0, Math.floor((this.clock.now().getTime() - record.startedAt.getTime()) / 1000));
    const qr = scanning ? await bankIdQrData(record.qrStartToken, await this.box.open(record.qrStartSecretSealed, `bankid-order:${record.id}`), seconds) : null;
    const message = record.hintCode === null ? 'RFA1' : rfaForCollect({ status: 'pending', hintCode: record.hintCode }, { startedOnThisDevice: false });
    // BankID's guidelines: the autostart link with redirect=null, so the app returns the user to this browser tab.
    const autoStartUrl = `bankid:///?autostarttoken=${encodeURIComponent(record.autoStartToken)}&redirect=null`;
    return { step: 'bankid', order: handle, status: 'pending', message, qr, autoStartUrl, pollAfterMs };
  }
}
