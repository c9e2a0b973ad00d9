import type { AccountRole, AuthMethod } from '@portico/contract';
/**
 * Persistence, split by concern. Two adapters implement them all with the same semantics: SQL via Drizzle on PGlite
 * or PostgreSQL (adapters/sql), what the server runs on; and plain objects in memory (adapters/memory), for the browser
 * mock, where the real app runs inside msw with no database. The storage tests run on both.
 */
export interface UserRecord {
  id: string;
  /** Normalised (trimmed, lower case). */
  email: string;
  /** argon2id PHC string; null for a user who has not set a password yet. */
  passwordHash: string | null;
  name: string | null;
  /** Language of mails to this user (`en`, `sv`); null follows the policy. */
  locale: string | null;
  /** When the user proved they receive mail at `email`; null if nobody has. */
  emailVerifiedAt: Date | null;
  /** The personnummer BankID signs in with, sealed (PersonalNumbers); null if none was added. */
  personalNumberSealed: string | null;
  /** Its keyed hash, for finding the user at BankID sign-in. */
  personalNumberHash: string | null;
  /** Goes up with every change of password; see SessionRecord.credentialVersion. */
  credentialVersion: number;
  createdAt: Date;
  /** When a session of theirs last started (a sign-in); null if none ever did. */
  lastSignInAt: Date | null;
  /** When support disabled the login; null while it may sign in. */
  disabledAt: Date | null;
}

export type NewUser = Pick<UserRecord, 'id' | 'email' | 'passwordHash' | 'createdAt'> & Partial<Pick<UserRecord, 'name' | 'locale' | 'emailVerifiedAt'>>;

export class PersonalNumberTakenError extends Error {
  constructor() {
    super('Another user has added this personal number');
    this.name = 'PersonalNumberTakenError';
  }
}

export class EmailTakenError extends Error {
  constructor(readonly email: string) {
    super(`A user with the e-mail ${email} exists already`);
    this.name = 'EmailTakenError';
  }
}

export interface UserStore {
  /** Throws EmailTakenError when the (normalised) e-mail is taken. */
  createUser(user: NewUser): Promise<UserRecord>;
  findUserByEmail(email: string): Promise<UserRecord | null>;
  findUserById(id: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  /** Whether any user exists: asked at start, where listing every user would grow with their number. */
  hasUsers(): Promise<boolean>;
  /** Users whose name contains `fragment` (any letter case), by name, at most `limit`. */
  findUsersByName(fragment: string, limit: number): Promise<UserRecord[]>;
  /**
   * Sets the password hash (`emailVerifiedAt` too when setting it proved the address: a mailed link) and moves the
   * user's credential version on; returns the new version (null: no such user).
   */
  updatePassword(userId: string, passwordHash: string, emailVerifiedAt?: Date): Promise<number | null>;
  /** Sets (or, with null, clears) the display name; returns the updated user, or null if there is none. */
  updateName(userId: string, name: string | null): Promise<UserRecord | null>;
  /** Sets the user's language; returns the updated user, or null if there is none. */
  updateLocale(userId: string, locale: string): Promise<UserRecord | null>;
  /** Sets or (both null) clears the user's personnummer; throws PersonalNumberTakenError if another user has it. */
  setPersonalNumber(userId: string, sealed: string | null, hash: string | null): Promise<UserRecord | null>;
  findUserByPersonalNumberHash(hash: string): Promise<UserRecord | null>;
  /** Disables the login from `at`, or (null) lets it sign in again; returns the updated user, or null if there is none. */
  setUserDisabled(userId: string, at: Date | null): Promise<UserRecord | null>;
}

export interface SessionRecord {
  /** SHA-256 of the session token, hex. The token itself is never stored. */
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** Absolute expiry. */
  expiresAt: Date;
  /** When the user last proved who they are in this session (sign-in, re-authentication); null if never. */
  reauthenticatedAt: Date | null;
  /** Customer ID of the account the session works in; null until one is chosen. */
  activeAccount: string | null;
  /**
   * The user's credential version when the password was checked for this session. A session of any other version is
   * no session (`findSessionWithUser` does not find it): one signed in with the old password just before a reset ends,
   * whenever it was stored.
   */
  credentialVersion: number;
  /**
   * The session's public id (`sid` in its tokens and webhook events): random, never derived from the cookie token,
   * and kept across renewals.
   */
  publicId: string;
  /** How the user proved who they are at sign-in (RFC 8176 `amr` values). */
  authMethods: AuthMethod[];
  /** The browser's User-Agent at sign-in (shortened), so the user can tell their sessions apart; null if none. */
  userAgent: string | null;
  /** The client address the session was signed in from (after trusted proxies); null if unknown. */
  clientAddress: string | null;
}

/** Without `publicId`, the store makes one up (a random UUID). */
type SessionDefaults = 'reauthenticatedAt' | 'activeAccount' | 'credentialVersion' | 'authMethods' | 'publicId' | 'userAgent' | 'clientAddress';
export type NewSession = Omit<SessionRecord, SessionDefaults> & Partial<Pick<SessionRecord, SessionDefaults>>;

/** A session as it ended: enough to tell others which one. */
export type EndedSession = Pick<SessionRecord, 'id' | 'userId' | 'publicId'>;

export interface SessionStore {
  createSession(session: NewSession): Promise<void>;
  /**
   * The same session under a new id (a new token): in one transaction, ends session `oldId` and starts `newId` with
   * its user, lifetime and active account, and `changes` applied. Null when `oldId` had ended already: of several
   * renewals at once, one wins and the others find nothing to renew, so one session remains.
   */
  renewSession(
    oldId: string,
    newId: string,
    changes: Pick<SessionRecord, 'lastSeenAt'> & Partial<Pick<SessionRecord, 'reauthenticatedAt' | 'credentialVersion'>>,
  ): Promise<SessionRecord | null>;
  /**
   * When the stored session last renewed from `oldId` was renewed (its `lastSeenAt` then); null when no stored session
   * was: never renewed from it, renewed again since, or ended. Any node answers alike.
   */
  findSessionRenewedFrom(oldId: string): Promise<Date | null>;
  findSession(id: string): Promise<SessionRecord | null>;
  /**
   * The session, its user and the user's accounts (as `listSessionAccounts` lists them) in one lookup: the hot path of
   * every authenticated request, one round trip where the store is a database. Null also when the session is of
   * another credential version than its user's, or its user's login is disabled.
   */
  findSessionWithUser(id: string): Promise<{ session: SessionRecord; user: UserRecord; accounts: SessionAccount[] } | null>;
  /** The user's stored sessions (live or not: the caller checks their lifetimes), newest sign-in first. */
  listUserSessions(userId: string): Promise<SessionRecord[]>;
  /** `findSessionWithUser` by the session's public id (a token's `sid`), for instant validation. */
  findSessionByPublicId(publicId: string): Promise<{ session: SessionRecord; user: UserRecord } | null>;
  touchSession(id: string, lastSeenAt: Date): Promise<void>;
  markSessionReauthenticated(id: string, at: Date): Promise<void>;
  deleteSession(id: string): Promise<void>;
  /** Ends every session of a user but `exceptId`; returns how many ended. */
  deleteUserSessions(userId: string, exceptId?: string): Promise<number>;
  /**
   * `deleteSession` and `deleteUserSessions` telling which sessions they ended (for webhook events): of two ends of one
   * session at once, one gets it back.
   */
  endSession(id: string): Promise<EndedSession | null>;
  endUserSessions(userId: string, exceptId?: string): Promise<EndedSession[]>;
  deleteExpiredSessions(now: Date, idleCutoff: Date): Promise<number>;
}

export interface CustomerAccountRecord {
  /** The legacy format, upper case (NL123421341). */
  customerId: string;
  name: string;
  /** Normalised; where a customer-ID password reset goes. */
  mainContactEmail: string;
  /** argon2id PHC string of the old customer-ID login; null if there is none. */
  legacyPasswordHash: string | null;
  /** When an e-mail login was registered for the ID (customer-ID migration); from then on it no longer signs in by itself. */
  migratedAt: Date | null;
  createdAt: Date;
}

/** Who takes over a customer ID's login: a new e-mail user, or an existing one (no second password). */
export type MigratingMember = { newUser: NewUser } | { userId: string };

export class CustomerIdTakenError extends Error {
  constructor(readonly customerId: string) {
    super(`A customer account ${customerId} exists already`);
    this.name = 'CustomerIdTakenError';
  }
}

/** A person's role in a customer account (AccountRole in the contract), for adapters that import nothing else. */
export type AccountRoleName = AccountRole;

/** An account a user is linked to, and their role in it. */
export interface MemberAccount {
  account: CustomerAccountRecord;
  role: AccountRole;
}

/** An account a session's user is linked to, their role in it, and whether it is the session's active one. */
export interface SessionAccount extends MemberAccount {
  active: boolean;
}

/** Someone linked to an account. */
export interface AccountMemberRecord {
  user: UserRecord;
  role: AccountRole;
  linkedAt: Date;
}

/**
 * A change to someone's link to an account, made by another person linked to it (or themselves). `may` is asked
 * under the lock on the account, with both roles as they are then (the actor's null if they are no longer linked).
 */
export interface MemberChange {
  customerId: string;
  userId: string;
  /** Null: an administrator (admin API, CLI), with an owner's rights. */
  actorUserId: string | null;
  may: (actor: AccountRole | null, target: AccountRole) => boolean;
}

/**
 * What a change came to: the target's role before it, or why nothing changed (the actor may not; the target is not
 * linked to the account; or it would have left the account without an owner).
 */
export type MemberChangeOutcome = { previousRole: AccountRole } | 'forbidden' | 'not_member' | 'last_owner';

/** Customer accounts and who works for them (order onboarding, customer-ID migration). */
export interface CustomerAccountStore {
  /** Throws CustomerIdTakenError when the ID exists. */
  createCustomerAccount(account: Omit<CustomerAccountRecord, 'migratedAt'>): Promise<CustomerAccountRecord>;
  findCustomerAccount(customerId: string): Promise<CustomerAccountRecord | null>;
  /**
   * Links the user to the account with a role; null: owner if the account has none yet, else member (decided under
   * a lock on the account, so of two first links at once one becomes owner). Linking twice is harmless and keeps the
   * role. Returns the role given, or null if the user was linked already.
   */
  linkAccountMember(userId: string, customerId: string, at: Date, role: AccountRole | null): Promise<AccountRole | null>;
  /** The accounts the user is linked to, by name (then ID), with their role in each. */
  listUserAccounts(userId: string): Promise<MemberAccount[]>;
  /** The account and the user's role, only if they are linked; null alike for an unknown account and someone else's. */
  findUserAccount(userId: string, customerId: string): Promise<MemberAccount | null>;
  /** Everyone linked to the account, in no particular order. */
  listAccountMembers(customerId: string): Promise<AccountMemberRecord[]>;
  /** Gives a linked user another role, unless `may` refuses or the account would be left without an owner. */
  setAccountMemberRole(change: MemberChange, role: AccountRole): Promise<MemberChangeOutcome>;
  /**
   * Unlinks a user from the account (their login stays; a session of theirs working in it works in none), unless
   * `may` refuses or the account would be left without an owner.
   */
  removeAccountMember(change: MemberChange): Promise<MemberChangeOutcome>;
  /**
   * The accounts of the session's user, by name, each marked whether it is the session's active one; an active
   * account the user is not linked to never appears. (Linking, unlinking and role changes announce the user's change,
   * switching announces the session's: `SessionChange`.)
   */
  listSessionAccounts(sessionId: string): Promise<SessionAccount[]>;
  /** Sets the session's active account (null: none). */
  setSessionActiveAccount(sessionId: string, customerId: string | null): Promise<void>;
  /** Sets the customer-ID login's password, unless the ID has migrated to an e-mail login; false then. */
  setLegacyPassword(customerId: string, passwordHash: string): Promise<boolean>;
  /**
   * Customer-ID migration: in one transaction, marks the ID migrated (only if it was not yet), creates the new user or takes the
   * existing one, and links them to the account (owner if it has none, as `linkAccountMember`). Their role in it;
   * null when the ID had migrated already (nothing changes). Throws EmailTakenError when a new user's address was
   * taken meanwhile (nothing changes either).
   */
  migrateCustomerAccount(customerId: string, member: MigratingMember, at: Date): Promise<AccountRole | null>;
  /**
   * The account's customer ID stops signing in (and getting resets) by itself, as after a migration (`migratedAt`);
   * false when it had already. One conditional update, so it is told once.
   */
  closeCustomerIdLogin(customerId: string, at: Date): Promise<boolean>;
}

/** One sliding window of a key's events, and how many it holds at most, for `reserveEvents`. */
export interface EventWindow {
  key: string;
  /** Events after this count: one that happened a whole window ago has left it. */
  since: Date;
  /** Events the window may hold; counting stops here. */
  max: number;
}

export interface WindowCount {
  /** Events of the key after `since`, at most `max`. */
  count: number;
  /**
   * When the window is full (`count` reached `max`): when its `max`-th newest event happened, which must leave the
   * window before another fits. Null when there is room.
   */
  fullUntilLeft: Date | null;
}

/**
 * A log of events per key (e.g. `sign-in:account:…`, `send:sign_up:…`), for sliding-window limits. Keys start with
 * their budget's scope and a colon.
 */
export interface RateLimitStore {
  /**
   * Counts each window's events and, only if every window has room (fewer than its `max`), records one event at `at`
   * under each of `keys`: in one step that no other reservation of the same keys can interleave with (a lock per key,
   * held to the commit, on every node sharing the database). Of many reservations at the same moment, exactly as many
   * get an event as there is room for. Returns the counts found (before this event) in the order of `windows`, and
   * the new events' ids (to take back with `deleteEvents`), or no ids when refused. Never inside `transaction`.
   */
  reserveEvents(keys: readonly string[], at: Date, windows: readonly EventWindow[]): Promise<{ granted: boolean; ids: number[]; counts: WindowCount[] }>;
  deleteEvents(ids: readonly number[]): Promise<void>;
  clearEvents(key: string): Promise<void>;
  /** Forgets the events of every key that starts with `prefix` (taken literally: `%` and `_` are no wildcards). */
  clearEventsStartingWith(prefix: string): Promise<void>;
  /** Deletes the events of one scope (the part of the key before the first colon) older than `before`. */
  deleteEventsBefore(scope: string, before: Date): Promise<number>;
}

export type OutboxChannel = 'email' | 'sms';

/** A message as the dev adapters "sent" it. `subject` and `html` are null for an SMS. */
export interface NewOutboxEntry {
  channel: OutboxChannel;
  recipient: string;
  subject: string | null;
  text: string;
  html: string | null;
  createdAt: Date;
}

export interface OutboxEntry extends NewOutboxEntry {
  /** Increasing in insertion order across all nodes (a database sequence), so it, not the clock, orders the list. */
  id: number;
}

export interface OutboxFilter {
  /** Exact recipient; e-mail addresses are compared in any letter case. */
  recipient?: string;
  channel?: OutboxChannel;
  limit: number;
}

/**
 * The development outbox: where the dev mailer and SMS sender put what they would have delivered, so every
 * flow can be finished without a mail server. Shared by all processes on the same storage (server and CLI).
 */
export interface OutboxStore {
  addToOutbox(entry: NewOutboxEntry): Promise<void>;
  /** Newest first. */
  listOutbox(filter: OutboxFilter): Promise<OutboxEntry[]>;
  /** Removes what was added before `before`; how many. */
  deleteOutboxBefore(before: Date): Promise<number>;
}

export type VerificationKind = 'code' | 'link';

export interface VerificationRecord {
  id: string;
  /** What the secret proves when used: `sign_up`, `invitation`, `password_reset`, … */
  purpose: string;
  kind: VerificationKind;
  /** Normalised address the secret was sent to. */
  email: string;
  userId: string | null;
  /** SHA-256 of the link token, or of `<id>:<code>` for a code. */
  secretHash: string;
  payload: Record<string, unknown> | null;
  attempts: number;
  expiresAt: Date;
  consumedAt: Date | null;
  createdAt: Date;
}

/** One-time codes and links. Consuming is atomic, so a secret works once even when used twice at the same moment. */
export interface VerificationStore {
  createVerification(record: VerificationRecord): Promise<void>;
  /** The newest unconsumed secret of a purpose for an address (expired ones included: the caller says why it fails). */
  findLatestVerification(purpose: string, email: string): Promise<VerificationRecord | null>;
  findVerificationBySecretHash(secretHash: string): Promise<VerificationRecord | null>;
  /**
   * Takes one try of the secret before its code is compared, in one conditional UPDATE: returns the new count of
   * tries, or null when none is left (`max` taken already) or the secret was used meanwhile. Many guesses at once
   * therefore compare no more codes than `max`.
   */
  reserveVerificationAttempt(id: string, max: number): Promise<number | null>;
  /** Marks the secret used; false if it already was (someone else won the race). */
  consumeVerification(id: string, at: Date): Promise<boolean>;
  /** Retires every unconsumed secret of a purpose for an address, e.g. when a new one is sent. */
  retireVerifications(purpose: string, email: string, at: Date): Promise<void>;
  deleteVerificationsExpiredBefore(before: Date): Promise<number>;
}

/** What a user holds for the second step: the app, a phone for codes, and the recovery phone (two-step verification). */
export type FactorKind = 'totp' | 'sms' | 'recovery_phone';

export interface MfaFactorRecord {
  userId: string;
  kind: FactorKind;
  /** The app's shared secret, sealed; null for phones. */
  secret: string | null;
  /** E.164; null for the app. */
  phone: string | null;
  /** Time step of the last accepted app code; null before the first. */
  lastTotpStep: number | null;
  enabledAt: Date;
}

/** A factor started and not yet proven by a code. */
export interface PendingSetupRecord {
  userId: string;
  kind: FactorKind;
  secret: string | null;
  phone: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface TrustedDeviceRecord {
  id: string;
  userId: string;
  /** SHA-256 of the cookie's token, hex. */
  tokenHash: string;
  label: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
}

export type MfaChallengeChannel = 'totp' | 'sms' | 'email' | 'recovery_phone' | 'webauthn';

export interface MfaChallengeRecord {
  id: string;
  /** SHA-256 of the token the client holds, hex. */
  tokenHash: string;
  userId: string;
  /** `mfa`: a code is due; `setup`: the policy requires a factor the user must set up first. */
  kind: 'mfa' | 'setup';
  channel: MfaChallengeChannel | null;
  failedAttempts: number;
  /** The user's credential version the password was checked against; another one spends the challenge. */
  credentialVersion: number;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/**
 * Second factors, their recovery data, trusted devices and half-finished sign-ins. Every "works once" operation is
 * one conditional UPDATE, so two requests at the same moment cannot both succeed.
 */
export interface MfaStore {
  listFactors(userId: string): Promise<MfaFactorRecord[]>;
  /** Adds the factor, or replaces the user's factor of that kind (a new phone, a new app). */
  saveFactor(factor: MfaFactorRecord): Promise<void>;
  /** False if the user had none of that kind. */
  deleteFactor(userId: string, kind: FactorKind): Promise<boolean>;
  /** Records `step` as the last used app code, only if it is after the last one; false if not (a replay). */
  advanceTotpStep(userId: string, step: number): Promise<boolean>;

  savePendingSetup(setup: PendingSetupRecord): Promise<void>;
  findPendingSetup(userId: string, kind: FactorKind): Promise<PendingSetupRecord | null>;
  /** Removes and returns the pending setup: whoever takes it first completes it. */
  takePendingSetup(userId: string, kind: FactorKind): Promise<PendingSetupRecord | null>;

  /** Replaces every recovery code of the user with these (one transaction). */
  replaceRecoveryCodes(userId: string, codes: readonly { id: string; codeHash: string }[], at: Date): Promise<void>;
  /** Marks the code used; false if it is not the user's or was used already. */
  useRecoveryCode(userId: string, codeHash: string, at: Date): Promise<boolean>;
  /** Unused codes left; null when the user never generated any. */
  countUnusedRecoveryCodes(userId: string): Promise<number | null>;
  deleteRecoveryCodes(userId: string): Promise<void>;

  createTrustedDevice(device: TrustedDeviceRecord): Promise<void>;
  findTrustedDevice(tokenHash: string): Promise<TrustedDeviceRecord | null>;
  touchTrustedDevice(id: string, at: Date): Promise<void>;
  /** The user's devices not expired at `now`, newest first. */
  listTrustedDevices(userId: string, now: Date): Promise<TrustedDeviceRecord[]>;
  /** False if the user has no such device. */
  deleteTrustedDevice(userId: string, id: string): Promise<boolean>;
  deleteUserTrustedDevices(userId: string): Promise<number>;

  createMfaChallenge(challenge: MfaChallengeRecord): Promise<void>;
  findMfaChallenge(tokenHash: string): Promise<MfaChallengeRecord | null>;
  setMfaChallengeChannel(id: string, channel: MfaChallengeChannel): Promise<void>;
  /**
   * Takes one try of the challenge before its code is compared, in one conditional UPDATE: the new count of tries, or
   * null when none is left (`max` taken already) or the challenge was used meanwhile.
   */
  reserveMfaChallengeAttempt(id: string, max: number): Promise<number | null>;
  /** Marks the challenge used; false if it already was (someone else won the race). */
  consumeMfaChallenge(id: string, at: Date): Promise<boolean>;
  /** Drops the user's half-finished sign-ins and factor setups (after a password reset); returns how many went. */
  deleteUserMfaChallenges(userId: string): Promise<number>;

  /** Removes expired challenges, pending setups and trusted devices; returns how many rows went. */
  deleteExpiredMfaRecords(now: Date): Promise<number>;
}

/** A BankID order under way (leasing portal); see the bankid_orders table. */
/** A passkey or security key (WebAuthn credential) of a user. Nothing here is secret: the private key never leaves the authenticator. */
export interface PasskeyRecord {
  id: string;
  userId: string;
  /** The credential id the authenticator chose, base64url. */
  credentialId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  /** The authenticator's signature counter at the last use; 0 for authenticators that keep none. */
  counter: number;
  transports: string[];
  deviceType: 'single_device' | 'multi_device';
  backedUp: boolean;
  /** The authenticator model's AAGUID (all zeros when it does not say). */
  aaguid: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** What a WebAuthn challenge was issued for. */
export type WebAuthnPurpose = 'sign_in' | 'mfa' | 'register';

/**
 * A WebAuthn challenge handed to a browser. The browser's cookie holds a token (only its SHA-256 is here), the same
 * for all its challenges of one kind, so tabs asking at once do not spend each other's.
 */
export interface WebAuthnChallengeRecord {
  id: string;
  tokenHash: string;
  /** The challenge the options carried, base64url (not secret: it only has to be fresh and used once). */
  challenge: string;
  purpose: WebAuthnPurpose;
  /** The user adding a passkey, or answering the second step; null for a passkey sign-in (anyone's passkey). */
  userId: string | null;
  /** The `mfa` step's challenge this belongs to (purpose `mfa`). */
  mfaChallengeId: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface PasskeyStore {
  /** False when the credential id is registered already (to anyone). */
  createPasskey(passkey: PasskeyRecord): Promise<boolean>;
  /** Newest first. */
  listPasskeys(userId: string): Promise<PasskeyRecord[]>;
  findPasskeyByCredentialId(credentialId: string): Promise<PasskeyRecord | null>;
  /**
   * Records a sign-in: the counter moves from `previousCounter` to `counter` only if it still is `previousCounter`,
   * so of two uses racing with one counter value only one passes.
   */
  recordPasskeyUse(id: string, previousCounter: number, counter: number, backedUp: boolean, at: Date): Promise<boolean>;
  renamePasskey(userId: string, id: string, name: string): Promise<boolean>;
  deletePasskey(userId: string, id: string): Promise<PasskeyRecord | null>;
  createWebAuthnChallenge(challenge: WebAuthnChallengeRecord): Promise<void>;
  /**
   * Takes the browser's (`tokenHash`) challenge `challenge` out of the store: the one caller that gets it is the one
   * that may use it. A browser may have several at once (a tab each).
   */
  takeWebAuthnChallenge(tokenHash: string, challenge: string): Promise<WebAuthnChallengeRecord | null>;
  deleteWebAuthnChallengesExpiredBefore(now: Date): Promise<number>;
}

export interface BankIdOrderRecord {
  /** Hash of the handle the browser holds. */
  id: string;
  /** Hash of the cookie token of the browser that started the order. */
  browserHash: string;
  orderRef: string;
  autoStartToken: string;
  qrStartToken: string;
  qrStartSecretSealed: string;
  status: 'pending' | 'failed';
  hintCode: string | null;
  failureMessage: string | null;
  startedAt: Date;
  lastCollectAt: Date | null;
  expiresAt: Date;
}

export interface BankIdOrderStore {
  createBankIdOrder(order: BankIdOrderRecord): Promise<void>;
  findBankIdOrder(id: string): Promise<BankIdOrderRecord | null>;
  updateBankIdOrder(id: string, patch: Partial<Pick<BankIdOrderRecord, 'status' | 'hintCode' | 'failureMessage' | 'lastCollectAt'>>): Promise<void>;
  /** Deletes the order; false if it was gone already (so of two requests completing it, one wins). */
  deleteBankIdOrder(id: string): Promise<boolean>;
  deleteBankIdOrdersExpiredBefore(now: Date): Promise<number>;
  /**
   * Pending orders not collected since `before` (never collected: started before it). The browser's polls collect
   * every two seconds, so these are orders whose browser stopped polling.
   */
  findBankIdOrdersNotCollectedSince(before: Date): Promise<BankIdOrderRecord[]>;
}

/**
 * A browser that signed in to an account before (OWASP's "device cookie"): failed sign-ins from it spend a budget of
 * its own, so a guesser elsewhere cannot lock the owner out on the browsers they use. Only the cookie token's SHA-256
 * is stored.
 */
export interface KnownBrowserRecord {
  id: string;
  tokenHash: string;
  userId: string;
  createdAt: Date;
  lastSignInAt: Date;
  expiresAt: Date;
}

export interface KnownBrowserStore {
  /** Adds the browser, or, for a token stored already, moves its last sign-in and expiry on. */
  saveKnownBrowser(browser: KnownBrowserRecord): Promise<void>;
  findKnownBrowser(tokenHash: string): Promise<KnownBrowserRecord | null>;
  /** Forgets every browser of the user (after a password reset); returns how many. */
  deleteUserKnownBrowsers(userId: string): Promise<number>;
  deleteKnownBrowsersExpiredBefore(now: Date): Promise<number>;
}

export type MessageChannel = 'email' | 'sms';

/** How a queued message ended: handed to the mail server or SMS gateway, never to be sent, or given up after retries. */
export type MessageOutcome = 'delivered' | 'suppressed' | 'gave_up';

/**
 * A mail or text waiting to go out. Written in the same transaction as the change it reports (a code minted, a
 * password changed), so a message is neither lost at a crash nor sent for a change that did not happen.
 */
export interface QueuedMessageRecord {
  /** Increasing in insertion order (a database sequence). */
  id: number;
  channel: MessageChannel;
  /** E-mail address or E.164 number. */
  recipient: string;
  /** Which mail or text it is (a MailKey or SmsKey), for the log. */
  template: string;
  /**
   * The rendered message as JSON, sealed (SecretBox) where a key is configured: it can hold a live code or link. Null
   * once the message has finished, and for a decoy, which is never sent.
   */
  payload: string | null;
  createdAt: Date;
  /** Tries so far. */
  attempts: number;
  /** Not to be tried before then (a retry waits longer each time). */
  nextAttemptAt: Date;
  /** A node is delivering it until then; after that, any node may (at least once, also after a crash). */
  claimedUntil: Date | null;
  finishedAt: Date | null;
  outcome: MessageOutcome | null;
  /** Why the last try failed; never the contents. */
  lastError: string | null;
}

/** A message this node claimed: until `claimedUntil`, no other node will. */
export type ClaimedMessage = QueuedMessageRecord & { claimedUntil: Date };

export type NewQueuedMessage = Pick<QueuedMessageRecord, 'channel' | 'recipient' | 'template' | 'payload' | 'createdAt'> &
  Partial<Pick<QueuedMessageRecord, 'finishedAt' | 'outcome'>>;

/** The durable outbox of mails and texts (not the development outbox above, which is where the dev adapters deliver). */
export interface MessageQueueStore {
  enqueueMessage(message: NewQueuedMessage): Promise<void>;
  /**
   * Claims up to `limit` messages due at `now` (unfinished, not claimed by a live claim) until `claimUntil`, counting a
   * try for each; two nodes never claim one message at the same time.
   */
  claimDueMessages(now: Date, claimUntil: Date, limit: number): Promise<ClaimedMessage[]>;
  /**
   * Finishes the message (its payload is erased), if the claim `claimedUntil` (as claimDueMessages set it) is still
   * this node's: a claim that lapsed may have passed to another node meanwhile.
   */
  finishMessage(id: number, claimedUntil: Date, outcome: MessageOutcome, at: Date): Promise<void>;
  /** Releases the claim, if still this node's; the next try is due at `nextAttemptAt`. */
  retryMessage(id: number, claimedUntil: Date, nextAttemptAt: Date, error: string): Promise<void>;
  /** Releases every claim: for storage only one process can open (PGlite), whose claims all died with the last process. */
  releaseMessageClaims(): Promise<number>;
  /** When the next unfinished message is due, or null when none waits. */
  nextMessageDue(): Promise<Date | null>;
  deleteMessagesFinishedBefore(before: Date): Promise<number>;
}

/** How a webhook delivery ended: the endpoint took it (2xx), or every try failed for a day. */
export type WebhookOutcome = 'delivered' | 'gave_up';

/**
 * One event for one configured endpoint, written in the same transaction as the change it reports, so a host hears
 * of every change that committed and of none that did not. `body` is the exact JSON sent, and `messageId` the
 * `webhook-id`: every retry carries the same bytes and id, so a receiver can drop duplicates.
 */
export interface WebhookDeliveryRecord {
  /** Increasing in insertion order (a database sequence). */
  id: number;
  messageId: string;
  /** The endpoint's URL; its secret stays in the configuration. */
  endpoint: string;
  eventType: string;
  body: string;
  createdAt: Date;
  /** Tries in the current round (a retry by hand starts a new one); webhook_attempts keeps every try. */
  attempts: number;
  nextAttemptAt: Date;
  /** A node is delivering it until then; after that, any node may (also after a crash). */
  claimedUntil: Date | null;
  finishedAt: Date | null;
  outcome: WebhookOutcome | null;
  /** Why the last try failed: the status or the network error, never the body. */
  lastError: string | null;
}

export type NewWebhookDelivery = Pick<WebhookDeliveryRecord, 'messageId' | 'endpoint' | 'eventType' | 'body' | 'createdAt'>;

/** A delivery this node claimed: until `claimedUntil`, no other node will try it. */
export type ClaimedWebhookDelivery = WebhookDeliveryRecord & { claimedUntil: Date };

/** One try: what the endpoint answered (`status`), or why nothing was (`error`), and how long it took. */
export interface WebhookAttemptRecord {
  deliveryId: number;
  attemptedAt: Date;
  status: number | null;
  error: string | null;
  durationMs: number;
}

/** A delivery as listed for operators: with every try it has had, all rounds included. */
export type WebhookDeliveryListing = WebhookDeliveryRecord & { totalAttempts: number };

/** The durable queue of webhook deliveries (see the message queue above, whose design it follows). */
export interface WebhookStore {
  enqueueWebhooks(deliveries: readonly NewWebhookDelivery[]): Promise<void>;
  /**
   * Claims the oldest delivery due at `now` (unfinished, not under a live claim) until `claimUntil`, counting a try:
   * one conditional UPDATE, so two nodes never claim one delivery at the same time. Null when none is due.
   */
  claimDueWebhook(now: Date, claimUntil: Date): Promise<ClaimedWebhookDelivery | null>;
  /** Records a try, whoever holds the claim now: it happened either way. */
  addWebhookAttempt(attempt: WebhookAttemptRecord): Promise<void>;
  /** Finishes the delivery, if the claim `claimedUntil` is still this node's (a lapsed one may be another's now). */
  finishWebhook(id: number, claimedUntil: Date, outcome: WebhookOutcome, at: Date, error: string | null): Promise<void>;
  /** Releases the claim, if still this node's; the next try is due at `nextAttemptAt`. */
  retryWebhook(id: number, claimedUntil: Date, nextAttemptAt: Date, error: string): Promise<void>;
  /** Releases every claim: for storage only one process can open (PGlite), whose claims died with the last process. */
  releaseWebhookClaims(): Promise<number>;
  /** Newest first; with `gaveUpOnly`, only deliveries given up. */
  listWebhookDeliveries(filter: { gaveUpOnly: boolean; limit: number }): Promise<WebhookDeliveryListing[]>;
  /** Every try of a delivery, oldest first. */
  listWebhookAttempts(deliveryId: number): Promise<WebhookAttemptRecord[]>;
  /**
   * Makes given-up deliveries (one by id, or all) due at `now` for a new round of tries; their tries so far are kept.
   * Returns how many.
   */
  retryGivenUpWebhooks(target: { id: number } | 'all', now: Date): Promise<number>;
  /** Forgets deliveries (and their tries) of `outcome` finished before `before`. */
  deleteWebhooksFinishedBefore(outcome: WebhookOutcome, before: Date): Promise<number>;
}

/**
 * A change every Portico node must hear of at once: a session ended (signed out, renewed under a new token, ended by
 * a password change) or switched accounts, or a user's record or customer accounts changed (linked, unlinked, another
 * role). Nodes keep checked sessions in memory; this empties that memory.
 */
export type SessionChange = { sessionId: string } | { userId: string };

/** How a node hears of other nodes' changes (PostgreSQL LISTEN/NOTIFY). */
export interface SessionChangeFeed {
  /**
   * Calls `onChange` for every change any node commits from now on. `onHealth(false)` when changes may be missed (the
   * connection is lost): until `onHealth(true)`, nothing may be served from memory. Resolves once listening.
   */
  subscribe(onChange: (change: SessionChange) => void, onHealth: (live: boolean) => void): Promise<{ close(): Promise<void> }>;
}

/** A key that signs session tokens; see the signing_keys table. */
export interface SigningKeyRecord {
  kid: string;
  algorithm: 'ES256';
  /** The public key as a JWK (kty, crv, x, y). */
  publicJwk: Record<string, unknown>;
  /** The private key's JWK, sealed (SecretBox, context `signing-key:<kid>`). */
  privateKeySealed: string;
  createdAt: Date;
  /** When it stopped signing; null for the one active key. */
  retiredAt: Date | null;
  /** When it was declared leaked: no longer published, no token of it accepted. */
  revokedAt: Date | null;
}

export interface SigningKeyStore {
  /** Every key, newest first. */
  listSigningKeys(): Promise<SigningKeyRecord[]>;
  /**
   * Makes `key` the active key, in one transaction: retires `replacesKid` (the key the caller saw active; null when
   * it saw none) and inserts `key`. False, with nothing changed, when another node got there first (the key it saw
   * is no longer the active one, or there is an active key already): the database holds one active key at most.
   */
  activateSigningKey(key: SigningKeyRecord, replacesKid: string | null): Promise<boolean>;
  /** Marks the key revoked (and retired); false if there is no such key. */
  revokeSigningKey(kid: string, at: Date): Promise<boolean>;
}

/** One entry of the activity log (ActivityEntry in the contract), as stored. */
export interface ActivityRecord {
  id: number;
  at: Date;
  type: string;
  actorUserId: string | null;
  subjectUserId: string | null;
  customerId: string | null;
  clientAddress: string | null;
  userAgent: string | null;
  detail: Record<string, unknown>;
}

/** Which entries to list: all filters must hold; newest first, below `before` (an id) when given. */
export interface ActivityFilter {
  subjectUserId?: string;
  customerId?: string;
  type?: string;
  before?: number;
  limit: number;
}

/** The activity log: append-only (only the retention purge removes entries). */
export interface ActivityStore {
  appendActivity(entry: Omit<ActivityRecord, 'id'>): Promise<void>;
  listActivity(filter: ActivityFilter): Promise<ActivityRecord[]>;
  /** The retention purge: removes entries older than `before`; how many. */
  deleteActivityBefore(before: Date): Promise<number>;
}

export interface Store
  extends
    UserStore,
    ActivityStore,
    SigningKeyStore,
    BankIdOrderStore,
    SessionStore,
    CustomerAccountStore,
    RateLimitStore,
    OutboxStore,
    VerificationStore,
    MfaStore,
    PasskeyStore,
    KnownBrowserStore,
    MessageQueueStore,
    WebhookStore {
  /**
   * Runs `work` in one transaction on a store bound to it: everything it writes commits together or not at all. Inside
   * `work`, use only that store: embedded PGlite serves one transaction at a time, so a query on the outer store would
   * wait for the transaction that waits for it. (The in-memory store of the browser mock runs `work` as it comes: no
   * other process can see a half-done change there.)
   */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /**
   * Where other processes' session changes are heard; null where this process is the only one (PGlite, memory),
   * so its own changes are all there is.
   */
  readonly sessionChanges: SessionChangeFeed | null;
  close(): Promise<void>;
}
