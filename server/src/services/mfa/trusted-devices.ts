import type { TrustedDevice } from '@portico/contract';
import type { Clock } from '../../ports/clock.ts';
import type { Random } from '../../ports/random.ts';
import type { Store, TrustedDeviceRecord } from '../../ports/store.ts';
import { generateToken, hashToken } from '../tokens.ts';
import { deviceLabel } from './device-label.ts';

/**
 * "Trust this device" (two-step verification): a browser that passed the second factor may skip it for the policy's days. The
 * browser keeps a random token in a cookie; only its SHA-256 is stored, with the user it was granted to, so it
 * skips the second factor for that user alone, until it expires or is revoked.
 */
export class TrustedDevices {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
    /** 0: the policy offers no trusted devices, and earlier ones are not honoured. */
    private readonly days: number,
  ) {}

  get offered(): boolean {
    return this.days > 0;
  }

  /**
   * Trusts this browser for `userId`. A token the browser held before (another user's, since a valid one of this
   * user's would have skipped the factor) is replaced by the new cookie, so its record goes too.
   */
  async trust(
    userId: string,
    userAgent: string | undefined,
    previousToken: string | undefined,
    /** The language of the device's label: the user's, else the policy's default. */
    locale?: string | null,
  ): Promise<{ token: string; expiresAt: Date }> {
    if (previousToken) {
      const previous = await this.store.findTrustedDevice(await hashToken(previousToken));
      if (previous) await this.store.deleteTrustedDevice(previous.userId, previous.id);
    }
    const token = generateToken(this.random);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.days * 86_400_000);
    await this.store.createTrustedDevice({
      id: this.random.uuid(),
      userId,
      tokenHash: await hashToken(token),
      label: deviceLabel(userAgent, locale),
      createdAt: now,
      lastUsedAt: now,
      expiresAt,
    });
    return { token, expiresAt };
  }

  /** Whether `token` is a live trust of `userId`'s; using it counts as its last use. */
  async recognise(token: string, userId: string): Promise<boolean> {
    if (!this.offered) return false;
    const device = await this.store.findTrustedDevice(await hashToken(token));
    const now = this.clock.now();
    if (!device || device.userId !== userId || now >= device.expiresAt) return false;
    await this.store.touchTrustedDevice(device.id, now);
    return true;
  }

  /** The user's live trusted devices; `current` marks the one behind `currentToken` (this browser). */
  async list(userId: string, currentToken: string | undefined): Promise<TrustedDevice[]> {
    const devices = await this.store.listTrustedDevices(userId, this.clock.now());
    const currentHash = currentToken ? await hashToken(currentToken) : null;
    return devices.map((device) => toTrustedDevice(device, device.tokenHash === currentHash));
  }

  /** Whether `token` is the cookie of device `id`. */
  async isToken(token: string | undefined, id: string): Promise<boolean> {
    if (!token || !uuidPattern.test(id)) return false;
    return (await this.store.findTrustedDevice(await hashToken(token)))?.id === id;
  }

  /** False if the user has no such device. */
  async revoke(userId: string, id: string): Promise<boolean> {
    // Ids are UUIDs; anything else names no device (and must not reach a uuid column as a type error).
    return uuidPattern.test(id) && this.store.deleteTrustedDevice(userId, id);
  }

  revokeAll(userId: string): Promise<number> {
    return this.store.deleteUserTrustedDevices(userId);
  }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toTrustedDevice(record: TrustedDeviceRecord, current: boolean): TrustedDevice {
  return {
    id: record.id,
    label: record.label,
    createdAt: record.createdAt.toISOString(),
    lastUsedAt: record.lastUsedAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
    current,
  };
}
