import {
  type BankIdOrderRecord,
  type AccountMemberRecord,
  type ActivityRecord,
  type MemberChange,
  type MemberChangeOutcome,
  type MemberAccount,
  type AccountRoleName,
  type CustomerAccountRecord,
  CustomerIdTakenError,
  EmailTakenError,
  type FactorKind,
  type KnownBrowserRecord,
  type MfaChallengeRecord,
  type MfaFactorRecord,
  type NewUser,
  type OutboxEntry,
  type PendingSetupRecord,
  PersonalNumberTakenError,
  type ClaimedMessage,
  type ClaimedWebhookDelivery,
  type EndedSession,
  type WebhookAttemptRecord,
  type WebhookDeliveryRecord,
  type QueuedMessageRecord,
  type SessionRecord,
  type SessionAccount,
  type SigningKeyRecord,
  type Store,
  type TrustedDeviceRecord,
  type PasskeyRecord,
  type WebAuthnChallengeRecord,
  type UserRecord,
  type VerificationRecord,
} from '../../ports/store.ts';

/**
 * The Store port in plain JavaScript objects, for the browser mock: the real app runs inside msw with no database.
 * Web-standard JavaScript only, since it runs in browsers.
 *
 * It keeps the SQL adapter's semantics, including what the database enforces there: unique keys (as the same
 * *TakenError or a constraint error), foreign keys on insert, uuid columns (refusing what PostgreSQL refuses and
 * returning the canonical lower-case form), NUL never stored in text, column defaults, `ORDER BY` in the C collation,
 * and LIKE patterns. Every method does its checks and writes without an `await` in between, so each is atomic the way
 * the SQL adapter's conditional UPDATEs and transactions are: of two concurrent uses of a single-use secret, one wins.
 * Records go in and out as copies, so a caller changing a returned object changes nothing stored.
 *
 * The port deletes no users and no customer accounts, so the schema's `on delete cascade` / `set null` never fire and
 * have nothing to mirror here.
 */
export function createMemoryStore(): Store {
  const users = new Map<string, UserRecord>();
  const customerAccounts = new Map<string, CustomerAccountRecord>();
  /** Keyed by `pairKey(userId, customerId)`. */
  /** The activity log, oldest first (ids go up as in the SQL identity column). */
  const activity: ActivityRecord[] = [];
  let nextActivityId = 1;
  const accountMembers = new Map<string, { userId: string; customerId: string; role: AccountRoleName; createdAt: Date }>();
  const sessions = new Map<string, SessionRecord>();
  /** A renewed session's previous id: the id it was renewed to, and when (see findSessionRenewedFrom). */
  const renewals = new Map<string, { newId: string; at: Date }>();
  const rateLimitEvents: { id: number; key: string; at: Date }[] = [];
  const outbox: OutboxEntry[] = [];
  const verifications = new Map<string, VerificationRecord>();
  /** Keyed by `pairKey(userId, kind)`; in the order rows were last written, like a heap scan without ORDER BY. */
  const mfaFactors = new Map<string, MfaFactorRecord>();
  const pendingSetups = new Map<string, PendingSetupRecord>();
  const recoveryCodes = new Map<string, { id: string; userId: string; codeHash: string; createdAt: Date; usedAt: Date | null }>();
  const trustedDevices = new Map<string, TrustedDeviceRecord>();
  const mfaChallenges = new Map<string, MfaChallengeRecord>();
  const passkeys = new Map<string, PasskeyRecord>();
  const webauthnChallenges = new Map<string, WebAuthnChallengeRecord>();
  const bankidOrders = new Map<string, BankIdOrderRecord>();
  const knownBrowsers = new Map<string, KnownBrowserRecord>();
  const signingKeys = new Map<string, SigningKeyRecord>();
  const queuedMessages: QueuedMessageRecord[] = [];
  const webhookDeliveries: WebhookDeliveryRecord[] = [];
  const webhookAttempts: (WebhookAttemptRecord & { id: number })[] = [];
  // Identity columns: they start at 1 and only grow, like their database sequences.
  let lastRateLimitEventId = 0;
  let lastOutboxId = 0;
  let lastQueuedMessageId = 0;
  let lastWebhookDeliveryId = 0;
  let lastWebhookAttemptId = 0;

  function requireUser(userId: string, constraint: string): void {
    if (!users.has(userId)) throw foreignKeyViolation(constraint);
  }

  function newUserRow(user: NewUser): UserRecord {
    return {
      id: uuid(user.id),
      email: user.email,
      passwordHash: user.passwordHash ?? null,
      name: user.name ?? null,
      locale: user.locale ?? null,
      emailVerifiedAt: optionalDate(user.emailVerifiedAt),
      personalNumberSealed: null,
      personalNumberHash: null,
      credentialVersion: 0,
      createdAt: requiredDate(user.createdAt),
      lastSignInAt: null,
      disabledAt: null,
    };
  }

  /**
   * The session and its user, as long as the session counts: of the user's current credentials, the login not
   * disabled (as the SQL adapter's join).
   */
  function withCountingUser(session: SessionRecord | undefined): { session: SessionRecord; user: UserRecord } | null {
    const user = session && users.get(session.userId);
    if (!session || !user || user.credentialVersion !== session.credentialVersion || user.disabledAt) return null;
    return { session: copy(session), user: copy(user) };
  }

  /** The unique keys of `users`: its id, and lower(email). */
  function userKeyTaken(row: UserRecord): boolean {
    const email = row.email.toLowerCase();
    return users.has(row.id) || [...users.values()].some((u) => u.email.toLowerCase() === email);
  }

  function accountsOf(userId: string): MemberAccount[] {
    const accounts: MemberAccount[] = [];
    for (const member of accountMembers.values()) {
      if (member.userId !== userId) continue;
      const account = customerAccounts.get(member.customerId);
      if (account) accounts.push({ account: copy(account), role: member.role });
    }
    return accounts.sort((a, b) => compareText(a.account.name, b.account.name) || compareText(a.account.customerId, b.account.customerId));
  }

  /** The accounts of the session's user, each marked whether it is the session's active one. */
  function sessionAccounts(session: SessionRecord): SessionAccount[] {
    return accountsOf(session.userId).map((linked) => ({ ...linked, active: session.activeAccount === linked.account.customerId }));
  }

  /** As the SQL adapter's first link: owner while the account has none. */
  function firstLinkRole(customerId: string): AccountRoleName {
    return [...accountMembers.values()].some((m) => m.customerId === customerId && m.role === 'owner') ? 'member' : 'owner';
  }

  function hasOtherOwner(customerId: string, userId: string): boolean {
    return [...accountMembers.values()].some((m) => m.customerId === customerId && m.role === 'owner' && m.userId !== userId);
  }

  /** As the SQL adapter's (under its lock): MemberChange's rules on the roles as they are; `to` null is a removal. */
  function checkMemberChange(change: MemberChange, to: AccountRoleName | null): MemberChangeOutcome {
    const actor = change.actorUserId === null ? { role: 'owner' as const } : accountMembers.get(pairKey(uuid(change.actorUserId), change.customerId));
    if (!actor) return 'forbidden';
    const target = accountMembers.get(pairKey(uuid(change.userId), change.customerId));
    if (!target) return 'not_member';
    if (!change.may(actor.role, target.role)) return 'forbidden';
    if (target.role === 'owner' && to !== 'owner' && !hasOtherOwner(change.customerId, target.userId)) return 'last_owner';
    return { previousRole: target.role };
  }

  function deleteWhere<V>(table: Map<string, V>, condition: (row: V) => boolean): number {
    let deleted = 0;
    for (const [key, row] of table) {
      if (!condition(row)) continue;
      table.delete(key);
      deleted++;
    }
    return deleted;
  }

  /**
   * INSERT … ON CONFLICT (user_id, kind) DO UPDATE SET <every other column>: on an update, columns left undefined keep
   * their value (as in Drizzle's SET), and the row moves to the end, as a new row version would.
   */
  function upsertByUserAndKind<R extends { userId: string; kind: FactorKind }>(table: Map<string, R>, row: R, changes: Partial<R>): void {
    const key = pairKey(row.userId, row.kind);
    const existing = table.get(key);
    table.delete(key);
    table.set(key, existing ? { ...existing, ...definedOnly(changes) } : row);
  }

  const store: Store = {
    async close() {
      // Replaced by the guard below, which marks the store closed.
    },
    // The mock is one process: its own session changes are all there are.
    sessionChanges: null,
    async transaction(work) {
      // No other process reads this memory, so nobody can see a half-done change; a failure part-way is not undone.
      return work(guardedStore);
    },

    async createUser(user) {
      const row = newUserRow(user);
      if (userKeyTaken(row)) throw new EmailTakenError(user.email);
      users.set(row.id, row);
      return copy(row);
    },
    async findUserByEmail(email) {
      const lower = email.toLowerCase();
      return copyOrNull([...users.values()].find((u) => u.email.toLowerCase() === lower));
    },
    async findUserById(id) {
      return copyOrNull(users.get(uuid(id)));
    },
    async hasUsers() {
      return users.size > 0;
    },
    async listUsers() {
      return [...users.values()].sort((a, b) => compareTime(a.createdAt, b.createdAt) || compareText(a.email, b.email)).map(copy);
    },
    async updatePassword(userId, passwordHash, emailVerifiedAt) {
      const user = users.get(uuid(userId));
      if (!user) return null;
      user.passwordHash = passwordHash;
      if (emailVerifiedAt) user.emailVerifiedAt = requiredDate(emailVerifiedAt);
      return ++user.credentialVersion;
    },
    async updateName(userId, name) {
      const user = users.get(uuid(userId));
      if (!user) return null;
      user.name = name;
      return copy(user);
    },
    async updateLocale(userId, locale) {
      const user = users.get(uuid(userId));
      if (!user) return null;
      user.locale = locale;
      return copy(user);
    },
    async setUserDisabled(userId, at) {
      const user = users.get(uuid(userId));
      if (!user) return null;
      user.disabledAt = at ? new Date(at) : null;
      return copy(user);
    },
    async setPersonalNumber(userId, sealed, hash) {
      const user = users.get(uuid(userId));
      if (!user) return null;
      // A unique index allows many nulls, and a user may set the number they already have.
      if (hash !== null && [...users.values()].some((u) => u.id !== user.id && u.personalNumberHash === hash)) {
        throw new PersonalNumberTakenError();
      }
      user.personalNumberSealed = sealed;
      user.personalNumberHash = hash;
      return copy(user);
    },
    async findUserByPersonalNumberHash(hash) {
      return copyOrNull([...users.values()].find((u) => u.personalNumberHash === hash));
    },

    async createBankIdOrder(order) {
      if (bankidOrders.has(order.id)) throw uniqueViolation('bankid_orders_pkey');
      bankidOrders.set(order.id, {
        id: order.id,
        browserHash: order.browserHash,
        orderRef: order.orderRef,
        autoStartToken: order.autoStartToken,
        qrStartToken: order.qrStartToken,
        qrStartSecretSealed: order.qrStartSecretSealed,
        status: order.status,
        hintCode: order.hintCode ?? null,
        failureMessage: order.failureMessage ?? null,
        startedAt: requiredDate(order.startedAt),
        lastCollectAt: optionalDate(order.lastCollectAt),
        expiresAt: requiredDate(order.expiresAt),
      });
    },
    async findBankIdOrder(id) {
      return copyOrNull(bankidOrders.get(id));
    },
    async updateBankIdOrder(id, patch) {
      const { status, hintCode, failureMessage, lastCollectAt } = patch;
      // As in Drizzle's UPDATE … SET: keys left undefined are not set, and nothing to set at all is an error.
      const changes = definedOnly({ status, hintCode, failureMessage, lastCollectAt: lastCollectAt && new Date(lastCollectAt.getTime()) });
      if (Object.keys(changes).length === 0) throw new Error('No values to set');
      const order = bankidOrders.get(id);
      if (order) Object.assign(order, changes);
    },
    async deleteBankIdOrder(id) {
      return bankidOrders.delete(id);
    },
    async deleteBankIdOrdersExpiredBefore(now) {
      return deleteWhere(bankidOrders, (o) => o.expiresAt < now);
    },
    async findBankIdOrdersNotCollectedSince(before) {
      return [...bankidOrders.values()].filter((o) => o.status === 'pending' && (o.lastCollectAt ?? o.startedAt) < before).map(copy);
    },

    async createSession(session) {
      const row: SessionRecord = {
        id: session.id,
        userId: uuid(session.userId),
        createdAt: requiredDate(session.createdAt),
        lastSeenAt: requiredDate(session.lastSeenAt),
        expiresAt: requiredDate(session.expiresAt),
        reauthenticatedAt: optionalDate(session.reauthenticatedAt),
        activeAccount: session.activeAccount ?? null,
        credentialVersion: session.credentialVersion ?? 0,
        publicId: session.publicId ?? crypto.randomUUID(),
        authMethods: [...(session.authMethods ?? [])],
        userAgent: session.userAgent ?? null,
        clientAddress: session.clientAddress ?? null,
      };
      if ([...sessions.values()].some((s) => s.publicId === row.publicId)) throw uniqueViolation('sessions_public_id_key');
      if (sessions.has(row.id)) throw uniqueViolation('sessions_pkey');
      requireUser(row.userId, 'sessions_user_id_users_id_fk');
      if (row.activeAccount !== null && !customerAccounts.has(row.activeAccount)) {
        throw foreignKeyViolation('sessions_active_account_customer_accounts_customer_id_fk');
      }
      sessions.set(row.id, row);
      const user = users.get(row.userId);
      if (user) user.lastSignInAt = new Date(row.createdAt);
    },
    async findUsersByName(fragment, limit) {
      const wanted = fragment.toLowerCase();
      return [...users.values()]
        .filter((user) => user.name?.toLowerCase().includes(wanted))
        .sort((a, b) => compareText(a.name ?? '', b.name ?? '') || compareText(a.email, b.email))
        .slice(0, limit)
        .map(copy);
    },
    async listUserSessions(userId) {
      const id = uuid(userId);
      return [...sessions.values()]
        .filter((session) => session.userId === id)
        .sort((a, b) => compareTime(b.createdAt, a.createdAt) || compareText(a.publicId, b.publicId))
        .map(copy);
    },
    async findSession(id) {
      return copyOrNull(sessions.get(id));
    },
    async renewSession(oldId, newId, changes) {
      const old = sessions.get(oldId);
      if (!old) return null;
      if (sessions.has(newId)) throw uniqueViolation('sessions_pkey');
      const renewed: SessionRecord = {
        ...old,
        id: newId,
        lastSeenAt: requiredDate(changes.lastSeenAt),
        ...(changes.reauthenticatedAt !== undefined ? { reauthenticatedAt: optionalDate(changes.reauthenticatedAt) } : {}),
        ...(changes.credentialVersion !== undefined ? { credentialVersion: changes.credentialVersion } : {}),
      };
      sessions.delete(oldId);
      sessions.set(newId, renewed);
      renewals.set(oldId, { newId, at: renewed.lastSeenAt });
      // Only the latest renewal of a session counts (findSessionRenewedFrom): the one before it goes.
      for (const [previous, renewal] of renewals) if (renewal.newId === oldId) renewals.delete(previous);
      return copy(renewed);
    },
    async findSessionRenewedFrom(oldId) {
      const renewal = renewals.get(oldId);
      // Only while the session renewed from it lives under that id: not once it was renewed again, or ended.
      return renewal && sessions.has(renewal.newId) ? new Date(renewal.at) : null;
    },
    async findSessionByPublicId(publicId) {
      return withCountingUser([...sessions.values()].find((s) => s.publicId === publicId));
    },

    async listSigningKeys() {
      return [...signingKeys.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || compareText(b.kid, a.kid)).map(copy);
    },
    async activateSigningKey(key, replacesKid) {
      const active = [...signingKeys.values()].find((k) => k.retiredAt === null);
      if ((active?.kid ?? null) !== replacesKid) return false;
      if (signingKeys.has(key.kid)) throw uniqueViolation('signing_keys_pkey');
      if (active) active.retiredAt = requiredDate(key.createdAt);
      signingKeys.set(key.kid, copy(key));
      return true;
    },
    async revokeSigningKey(kid, at) {
      const key = signingKeys.get(kid);
      if (!key) return false;
      key.revokedAt = requiredDate(at);
      key.retiredAt ??= requiredDate(at);
      return true;
    },
    async findSessionWithUser(id) {
      const found = withCountingUser(sessions.get(id));
      if (!found) return null;
      return { ...found, accounts: sessionAccounts(found.session) };
    },
    async touchSession(id, lastSeenAt) {
      const session = sessions.get(id);
      if (session) session.lastSeenAt = requiredDate(lastSeenAt);
    },
    async markSessionReauthenticated(id, at) {
      const session = sessions.get(id);
      if (session) session.reauthenticatedAt = requiredDate(at);
    },
    async deleteSession(id) {
      sessions.delete(id);
    },
    async deleteUserSessions(userId, exceptId) {
      const id = uuid(userId);
      return deleteWhere(sessions, (s) => s.userId === id && (!exceptId || s.id !== exceptId));
    },
    async endSession(id) {
      const session = sessions.get(id);
      if (!session) return null;
      sessions.delete(id);
      return { id: session.id, userId: session.userId, publicId: session.publicId };
    },
    async endUserSessions(userId, exceptId) {
      const id = uuid(userId);
      const ended: EndedSession[] = [];
      for (const session of sessions.values()) {
        if (session.userId === id && (!exceptId || session.id !== exceptId)) ended.push({ id: session.id, userId: session.userId, publicId: session.publicId });
      }
      for (const session of ended) sessions.delete(session.id);
      return ended;
    },
    async deleteExpiredSessions(now, idleCutoff) {
      return deleteWhere(sessions, (s) => s.expiresAt < now || s.lastSeenAt < idleCutoff);
    },

    async appendActivity(entry) {
      activity.push(copy({ ...entry, id: nextActivityId++, at: requiredDate(entry.at) }));
    },
    async listActivity(filter) {
      const rows: ActivityRecord[] = [];
      for (let i = activity.length - 1; i >= 0 && rows.length < filter.limit; i--) {
        const entry = activity[i]!;
        if (filter.subjectUserId !== undefined && entry.subjectUserId !== filter.subjectUserId) continue;
        if (filter.customerId !== undefined && entry.customerId !== filter.customerId) continue;
        if (filter.type !== undefined && entry.type !== filter.type) continue;
        if (filter.before !== undefined && entry.id >= filter.before) continue;
        rows.push(copy(entry));
      }
      return rows;
    },
    async deleteActivityBefore(before) {
      const kept = activity.filter((entry) => entry.at.getTime() >= before.getTime());
      const deleted = activity.length - kept.length;
      activity.splice(0, activity.length, ...kept);
      return deleted;
    },
    async createCustomerAccount(account) {
      if (customerAccounts.has(account.customerId)) throw new CustomerIdTakenError(account.customerId);
      const row: CustomerAccountRecord = {
        customerId: account.customerId,
        name: account.name,
        mainContactEmail: account.mainContactEmail,
        legacyPasswordHash: account.legacyPasswordHash ?? null,
        migratedAt: null,
        createdAt: requiredDate(account.createdAt),
      };
      customerAccounts.set(row.customerId, row);
      return copy(row);
    },
    async findCustomerAccount(customerId) {
      return copyOrNull(customerAccounts.get(customerId));
    },
    async linkAccountMember(userId, customerId, at, role) {
      const id = uuid(userId);
      requireUser(id, 'account_members_user_id_users_id_fk');
      if (!customerAccounts.has(customerId)) throw foreignKeyViolation('account_members_customer_id_customer_accounts_customer_id_fk');
      const key = pairKey(id, customerId);
      if (accountMembers.has(key)) return null;
      const given = role ?? firstLinkRole(customerId);
      accountMembers.set(key, { userId: id, customerId, role: given, createdAt: requiredDate(at) });
      return given;
    },
    async listUserAccounts(userId) {
      return accountsOf(uuid(userId));
    },
    async findUserAccount(userId, customerId) {
      const member = accountMembers.get(pairKey(uuid(userId), customerId));
      const account = customerAccounts.get(customerId);
      return member && account ? { account: copy(account), role: member.role } : null;
    },
    async listSessionAccounts(sessionId) {
      const session = sessions.get(sessionId);
      return session ? sessionAccounts(session) : [];
    },
    async listAccountMembers(customerId) {
      const rows: AccountMemberRecord[] = [];
      for (const member of accountMembers.values()) {
        const user = member.customerId === customerId ? users.get(member.userId) : undefined;
        if (user) rows.push({ user: copy(user), role: member.role, linkedAt: new Date(member.createdAt) });
      }
      return rows;
    },
    async setAccountMemberRole(change, role) {
      const checked = checkMemberChange(change, role);
      if (typeof checked === 'string') return checked;
      accountMembers.get(pairKey(uuid(change.userId), change.customerId))!.role = role;
      return checked;
    },
    async removeAccountMember(change) {
      const checked = checkMemberChange(change, null);
      if (typeof checked === 'string') return checked;
      const userId = uuid(change.userId);
      accountMembers.delete(pairKey(userId, change.customerId));
      for (const session of sessions.values()) {
        if (session.userId === userId && session.activeAccount === change.customerId) session.activeAccount = null;
      }
      return checked;
    },
    async setSessionActiveAccount(sessionId, customerId) {
      const session = sessions.get(sessionId);
      // The foreign key is checked only on a row that is updated: an unknown session changes nothing and fails nothing.
      if (!session) return;
      if (customerId !== null && !customerAccounts.has(customerId)) {
        throw foreignKeyViolation('sessions_active_account_customer_accounts_customer_id_fk');
      }
      session.activeAccount = customerId;
    },
    async setLegacyPassword(customerId, passwordHash) {
      const account = customerAccounts.get(customerId);
      if (!account || account.migratedAt !== null) return false;
      account.legacyPasswordHash = passwordHash;
      return true;
    },
    async closeCustomerIdLogin(customerId, at) {
      const account = customerAccounts.get(customerId);
      if (!account || account.migratedAt !== null) return false;
      account.migratedAt = requiredDate(at);
      return true;
    },
    async migrateCustomerAccount(customerId, member, at) {
      const account = customerAccounts.get(customerId);
      if (!account || account.migratedAt !== null) return null;
      // Everything that could fail is checked before anything changes: the SQL transaction rolls back as a whole.
      let newUser: UserRecord | null = null;
      let userId: string;
      if ('newUser' in member) {
        newUser = newUserRow(member.newUser);
        if (userKeyTaken(newUser)) throw new EmailTakenError(member.newUser.email);
        userId = newUser.id;
      } else {
        userId = uuid(member.userId);
        requireUser(userId, 'account_members_user_id_users_id_fk');
      }
      account.migratedAt = requiredDate(at);
      if (newUser) users.set(newUser.id, newUser);
      const key = pairKey(userId, customerId);
      const existing = accountMembers.get(key);
      if (existing) return existing.role;
      const role = firstLinkRole(customerId);
      accountMembers.set(key, { userId, customerId, role, createdAt: requiredDate(at) });
      return role;
    },

    async reserveEvents(keys, at, windows) {
      // Counted and recorded without an await in between: nothing can come between the two.
      const counts = windows.map(({ key, since, max }) => {
        const times = rateLimitEvents
          .filter((event) => event.key === key && event.at > since)
          .map((event) => event.at.getTime())
          .sort((a, b) => b - a);
        const limiting = times[sqlLimit(max) - 1];
        return { count: Math.min(times.length, max), fullUntilLeft: limiting === undefined ? null : new Date(limiting) };
      });
      const granted = counts.every((c, i) => c.count < windows[i]!.max);
      if (!granted) return { granted, ids: [], counts };
      const ids = keys.map((key) => {
        const id = ++lastRateLimitEventId;
        rateLimitEvents.push({ id, key, at: requiredDate(at) });
        return id;
      });
      return { granted, ids, counts };
    },
    async deleteEvents(ids) {
      const gone = new Set(ids);
      removeFromArray(rateLimitEvents, (e) => gone.has(e.id));
    },
    async clearEvents(key) {
      removeFromArray(rateLimitEvents, (e) => e.key === key);
    },
    async clearEventsStartingWith(prefix) {
      removeFromArray(rateLimitEvents, (e) => e.key.startsWith(prefix));
    },
    async deleteEventsBefore(scope, before) {
      const inScope = likePattern(`${scope}:%`);
      return removeFromArray(rateLimitEvents, (e) => inScope.test(e.key) && e.at < before);
    },

    async addToOutbox(entry) {
      outbox.push({
        id: ++lastOutboxId,
        channel: entry.channel,
        recipient: entry.recipient,
        subject: entry.subject ?? null,
        text: entry.text,
        html: entry.html ?? null,
        createdAt: requiredDate(entry.createdAt),
      });
    },
    async deleteOutboxBefore(before) {
      const kept = outbox.filter((entry) => entry.createdAt >= before);
      const deleted = outbox.length - kept.length;
      outbox.splice(0, outbox.length, ...kept);
      return deleted;
    },
    async listOutbox(filter) {
      const limit = sqlLimit(filter.limit);
      const recipient = filter.recipient?.toLowerCase();
      const found: OutboxEntry[] = [];
      // Newest first: the id sequence, not the clock, orders the list.
      for (let i = outbox.length - 1; i >= 0 && found.length < limit; i--) {
        const entry = outbox[i]!;
        if (recipient !== undefined && entry.recipient.toLowerCase() !== recipient) continue;
        if (filter.channel !== undefined && entry.channel !== filter.channel) continue;
        found.push(copy(entry));
      }
      return found;
    },

    async createVerification(record) {
      const row: VerificationRecord = {
        id: uuid(record.id),
        purpose: record.purpose,
        kind: record.kind,
        email: record.email,
        userId: record.userId == null ? null : uuid(record.userId),
        secretHash: record.secretHash,
        payload: record.payload == null ? null : jsonb(record.payload),
        attempts: record.attempts ?? 0,
        expiresAt: requiredDate(record.expiresAt),
        consumedAt: optionalDate(record.consumedAt),
        createdAt: requiredDate(record.createdAt),
      };
      if (verifications.has(row.id)) throw uniqueViolation('verifications_pkey');
      if ([...verifications.values()].some((v) => v.secretHash === row.secretHash)) throw uniqueViolation('verifications_secret_hash_key');
      if (row.userId !== null) requireUser(row.userId, 'verifications_user_id_users_id_fk');
      verifications.set(row.id, row);
    },
    async findLatestVerification(purpose, email) {
      let latest: VerificationRecord | undefined;
      for (const v of verifications.values()) {
        if (v.purpose !== purpose || v.email !== email || v.consumedAt !== null) continue;
        // `>=`: of secrets minted at the same instant, the one stored last is the newest.
        if (!latest || v.createdAt >= latest.createdAt) latest = v;
      }
      return copyOrNull(latest);
    },
    async findVerificationBySecretHash(secretHash) {
      return copyOrNull([...verifications.values()].find((v) => v.secretHash === secretHash));
    },
    async reserveVerificationAttempt(id, max) {
      const record = verifications.get(uuid(id));
      if (!record || record.consumedAt !== null || record.attempts >= max) return null;
      return ++record.attempts;
    },
    async consumeVerification(id, at) {
      const record = verifications.get(uuid(id));
      if (!record || record.consumedAt !== null) return false;
      record.consumedAt = requiredDate(at);
      return true;
    },
    async retireVerifications(purpose, email, at) {
      for (const v of verifications.values()) {
        if (v.purpose === purpose && v.email === email && v.consumedAt === null) v.consumedAt = requiredDate(at);
      }
    },
    async deleteVerificationsExpiredBefore(before) {
      return deleteWhere(verifications, (v) => v.expiresAt < before);
    },

    async listFactors(userId) {
      const id = uuid(userId);
      return [...mfaFactors.values()].filter((f) => f.userId === id).map(copy);
    },
    async saveFactor(factor) {
      const row: MfaFactorRecord = {
        userId: uuid(factor.userId),
        kind: factor.kind,
        secret: factor.secret ?? null,
        phone: factor.phone ?? null,
        lastTotpStep: factor.lastTotpStep ?? null,
        enabledAt: requiredDate(factor.enabledAt),
      };
      requireUser(row.userId, 'mfa_factors_user_id_users_id_fk');
      upsertByUserAndKind(mfaFactors, row, {
        secret: factor.secret,
        phone: factor.phone,
        lastTotpStep: factor.lastTotpStep,
        enabledAt: factor.enabledAt && requiredDate(factor.enabledAt),
      });
    },
    async deleteFactor(userId, kind) {
      return mfaFactors.delete(pairKey(uuid(userId), kind));
    },
    async advanceTotpStep(userId, step) {
      const factor = mfaFactors.get(pairKey(uuid(userId), 'totp'));
      if (!factor || (factor.lastTotpStep !== null && factor.lastTotpStep >= step)) return false;
      factor.lastTotpStep = step;
      return true;
    },

    async savePendingSetup(setup) {
      const row: PendingSetupRecord = {
        userId: uuid(setup.userId),
        kind: setup.kind,
        secret: setup.secret ?? null,
        phone: setup.phone ?? null,
        createdAt: requiredDate(setup.createdAt),
        expiresAt: requiredDate(setup.expiresAt),
      };
      requireUser(row.userId, 'mfa_pending_setups_user_id_users_id_fk');
      upsertByUserAndKind(pendingSetups, row, {
        secret: setup.secret,
        phone: setup.phone,
        createdAt: setup.createdAt && requiredDate(setup.createdAt),
        expiresAt: setup.expiresAt && requiredDate(setup.expiresAt),
      });
    },
    async findPendingSetup(userId, kind) {
      return copyOrNull(pendingSetups.get(pairKey(uuid(userId), kind)));
    },
    async takePendingSetup(userId, kind) {
      const key = pairKey(uuid(userId), kind);
      const setup = pendingSetups.get(key);
      pendingSetups.delete(key);
      return copyOrNull(setup);
    },

    async replaceRecoveryCodes(userId, codes, at) {
      const id = uuid(userId);
      // Drizzle refuses an INSERT of no rows; in the SQL adapter that rolls the transaction back, the old codes stay.
      if (codes.length === 0) throw new Error('values() must be called with at least one value');
      const rows = codes.map((code) => ({ id: uuid(code.id), userId: id, codeHash: code.codeHash, createdAt: requiredDate(at), usedAt: null }));
      requireUser(id, 'recovery_codes_user_id_users_id_fk');
      const ids = new Set<string>();
      const hashes = new Set<string>();
      for (const row of rows) {
        // The user's old codes are deleted first, so only other users' codes can hold an id already.
        const holder = recoveryCodes.get(row.id);
        if (ids.has(row.id) || (holder && holder.userId !== id)) throw uniqueViolation('recovery_codes_pkey');
        if (hashes.has(row.codeHash)) throw uniqueViolation('recovery_codes_user_hash_key');
        ids.add(row.id);
        hashes.add(row.codeHash);
      }
      deleteWhere(recoveryCodes, (c) => c.userId === id);
      for (const row of rows) recoveryCodes.set(row.id, row);
    },
    async useRecoveryCode(userId, codeHash, at) {
      const id = uuid(userId);
      for (const code of recoveryCodes.values()) {
        if (code.userId !== id || code.codeHash !== codeHash || code.usedAt !== null) continue;
        code.usedAt = requiredDate(at);
        return true;
      }
      return false;
    },
    async countUnusedRecoveryCodes(userId) {
      const id = uuid(userId);
      const codes = [...recoveryCodes.values()].filter((c) => c.userId === id);
      return codes.length > 0 ? codes.filter((c) => c.usedAt === null).length : null;
    },
    async deleteRecoveryCodes(userId) {
      const id = uuid(userId);
      deleteWhere(recoveryCodes, (c) => c.userId === id);
    },

    async createTrustedDevice(device) {
      const row: TrustedDeviceRecord = {
        id: uuid(device.id),
        userId: uuid(device.userId),
        tokenHash: device.tokenHash,
        label: device.label,
        createdAt: requiredDate(device.createdAt),
        lastUsedAt: requiredDate(device.lastUsedAt),
        expiresAt: requiredDate(device.expiresAt),
      };
      if (trustedDevices.has(row.id)) throw uniqueViolation('trusted_devices_pkey');
      if ([...trustedDevices.values()].some((d) => d.tokenHash === row.tokenHash)) throw uniqueViolation('trusted_devices_token_hash_key');
      requireUser(row.userId, 'trusted_devices_user_id_users_id_fk');
      trustedDevices.set(row.id, row);
    },
    async findTrustedDevice(tokenHash) {
      return copyOrNull([...trustedDevices.values()].find((d) => d.tokenHash === tokenHash));
    },
    async touchTrustedDevice(id, at) {
      const device = trustedDevices.get(uuid(id));
      if (device) device.lastUsedAt = requiredDate(at);
    },
    async listTrustedDevices(userId, now) {
      const id = uuid(userId);
      return [...trustedDevices.values()]
        .filter((d) => d.userId === id && d.expiresAt > now)
        .sort((a, b) => compareTime(b.createdAt, a.createdAt) || compareText(a.id, b.id))
        .map(copy);
    },
    async deleteTrustedDevice(userId, id) {
      const owner = uuid(userId);
      const device = trustedDevices.get(uuid(id));
      return device?.userId === owner ? trustedDevices.delete(device.id) : false;
    },
    async deleteUserTrustedDevices(userId) {
      const id = uuid(userId);
      return deleteWhere(trustedDevices, (d) => d.userId === id);
    },

    async createPasskey(passkey) {
      const row: PasskeyRecord = {
        ...passkey,
        id: uuid(passkey.id),
        userId: uuid(passkey.userId),
        transports: [...passkey.transports],
        createdAt: requiredDate(passkey.createdAt),
        lastUsedAt: passkey.lastUsedAt === null ? null : requiredDate(passkey.lastUsedAt),
      };
      if ([...passkeys.values()].some((p) => p.credentialId === row.credentialId)) return false;
      if (passkeys.has(row.id)) throw uniqueViolation('passkeys_pkey');
      requireUser(row.userId, 'passkeys_user_id_users_id_fk');
      passkeys.set(row.id, row);
      return true;
    },
    async listPasskeys(userId) {
      const id = uuid(userId);
      return [...passkeys.values()]
        .filter((p) => p.userId === id)
        .sort((a, b) => compareTime(b.createdAt, a.createdAt) || compareText(a.id, b.id))
        .map((p) => ({ ...p, transports: [...p.transports] }));
    },
    async findPasskeyByCredentialId(credentialId) {
      const found = [...passkeys.values()].find((p) => p.credentialId === credentialId);
      return found ? { ...found, transports: [...found.transports] } : null;
    },
    async recordPasskeyUse(id, previousCounter, counter, backedUp, at) {
      const passkey = passkeys.get(uuid(id));
      if (!passkey || passkey.counter !== previousCounter) return false;
      Object.assign(passkey, { counter, backedUp, lastUsedAt: requiredDate(at) });
      return true;
    },
    async renamePasskey(userId, id, name) {
      const passkey = passkeys.get(uuid(id));
      if (passkey?.userId !== uuid(userId)) return false;
      passkey.name = name;
      return true;
    },
    async deletePasskey(userId, id) {
      const passkey = passkeys.get(uuid(id));
      if (passkey?.userId !== uuid(userId)) return null;
      passkeys.delete(passkey.id);
      return passkey;
    },
    async createWebAuthnChallenge(challenge) {
      const row: WebAuthnChallengeRecord = {
        ...challenge,
        id: uuid(challenge.id),
        userId: challenge.userId === null ? null : uuid(challenge.userId),
        createdAt: requiredDate(challenge.createdAt),
        expiresAt: requiredDate(challenge.expiresAt),
      };
      if (webauthnChallenges.has(row.id)) throw uniqueViolation('webauthn_challenges_pkey');
      if ([...webauthnChallenges.values()].some((c) => c.tokenHash === row.tokenHash && c.challenge === row.challenge)) {
        throw uniqueViolation('webauthn_challenges_token_hash_challenge_key');
      }
      if (row.userId !== null) requireUser(row.userId, 'webauthn_challenges_user_id_users_id_fk');
      webauthnChallenges.set(row.id, row);
    },
    async takeWebAuthnChallenge(tokenHash, challenge) {
      const found = [...webauthnChallenges.values()].find((c) => c.tokenHash === tokenHash && c.challenge === challenge);
      if (!found) return null;
      webauthnChallenges.delete(found.id);
      return found;
    },
    async deleteWebAuthnChallengesExpiredBefore(now) {
      return deleteWhere(webauthnChallenges, (c) => c.expiresAt < now);
    },

    async createMfaChallenge(challenge) {
      const row: MfaChallengeRecord = {
        id: uuid(challenge.id),
        tokenHash: challenge.tokenHash,
        userId: uuid(challenge.userId),
        kind: challenge.kind,
        channel: challenge.channel ?? null,
        failedAttempts: challenge.failedAttempts ?? 0,
        credentialVersion: challenge.credentialVersion ?? 0,
        createdAt: requiredDate(challenge.createdAt),
        expiresAt: requiredDate(challenge.expiresAt),
        usedAt: optionalDate(challenge.usedAt),
      };
      if (mfaChallenges.has(row.id)) throw uniqueViolation('mfa_challenges_pkey');
      if ([...mfaChallenges.values()].some((c) => c.tokenHash === row.tokenHash)) throw uniqueViolation('mfa_challenges_token_hash_key');
      requireUser(row.userId, 'mfa_challenges_user_id_users_id_fk');
      mfaChallenges.set(row.id, row);
    },
    async findMfaChallenge(tokenHash) {
      return copyOrNull([...mfaChallenges.values()].find((c) => c.tokenHash === tokenHash));
    },
    async setMfaChallengeChannel(id, channel) {
      const challenge = mfaChallenges.get(uuid(id));
      if (challenge) challenge.channel = channel;
    },
    async reserveMfaChallengeAttempt(id, max) {
      const challenge = mfaChallenges.get(uuid(id));
      if (!challenge || challenge.usedAt !== null || challenge.failedAttempts >= max) return null;
      return ++challenge.failedAttempts;
    },
    async deleteUserMfaChallenges(userId) {
      const id = uuid(userId);
      return deleteWhere(mfaChallenges, (c) => c.userId === id) + deleteWhere(pendingSetups, (p) => p.userId === id);
    },
    async consumeMfaChallenge(id, at) {
      const challenge = mfaChallenges.get(uuid(id));
      if (!challenge || challenge.usedAt !== null) return false;
      challenge.usedAt = requiredDate(at);
      return true;
    },

    async saveKnownBrowser(browser) {
      const existing = [...knownBrowsers.values()].find((b) => b.tokenHash === browser.tokenHash);
      if (existing) {
        existing.lastSignInAt = requiredDate(browser.lastSignInAt);
        existing.expiresAt = requiredDate(browser.expiresAt);
        return;
      }
      const row: KnownBrowserRecord = {
        id: uuid(browser.id),
        tokenHash: browser.tokenHash,
        userId: uuid(browser.userId),
        createdAt: requiredDate(browser.createdAt),
        lastSignInAt: requiredDate(browser.lastSignInAt),
        expiresAt: requiredDate(browser.expiresAt),
      };
      if (knownBrowsers.has(row.id)) throw uniqueViolation('known_browsers_pkey');
      requireUser(row.userId, 'known_browsers_user_id_users_id_fk');
      knownBrowsers.set(row.id, row);
    },
    async findKnownBrowser(tokenHash) {
      return copyOrNull([...knownBrowsers.values()].find((b) => b.tokenHash === tokenHash));
    },
    async deleteUserKnownBrowsers(userId) {
      const id = uuid(userId);
      return deleteWhere(knownBrowsers, (b) => b.userId === id);
    },
    async deleteKnownBrowsersExpiredBefore(now) {
      return deleteWhere(knownBrowsers, (b) => b.expiresAt < now);
    },

    async enqueueMessage(message) {
      const createdAt = requiredDate(message.createdAt);
      queuedMessages.push({
        id: ++lastQueuedMessageId,
        channel: message.channel,
        recipient: message.recipient,
        template: message.template,
        payload: message.payload ?? null,
        createdAt,
        attempts: 0,
        nextAttemptAt: createdAt,
        claimedUntil: null,
        finishedAt: optionalDate(message.finishedAt),
        outcome: message.outcome ?? null,
        lastError: null,
      });
    },
    async claimDueMessages(now, claimUntil, limit) {
      const claimed: ClaimedMessage[] = [];
      for (const message of queuedMessages) {
        if (claimed.length >= sqlLimit(limit)) break;
        if (message.finishedAt !== null || message.nextAttemptAt > now) continue;
        if (message.claimedUntil !== null && message.claimedUntil > now) continue;
        const until = requiredDate(claimUntil);
        message.claimedUntil = until;
        message.attempts++;
        claimed.push({ ...copy(message), claimedUntil: new Date(until.getTime()) });
      }
      return claimed;
    },
    async finishMessage(id, claimedUntil, outcome, at) {
      const message = queuedMessages.find((m) => m.id === id);
      if (!message || message.claimedUntil?.getTime() !== claimedUntil.getTime()) return;
      Object.assign(message, { finishedAt: requiredDate(at), outcome, payload: null, claimedUntil: null });
    },
    async retryMessage(id, claimedUntil, nextAttemptAt, error) {
      const message = queuedMessages.find((m) => m.id === id);
      if (!message || message.claimedUntil?.getTime() !== claimedUntil.getTime()) return;
      Object.assign(message, { nextAttemptAt: requiredDate(nextAttemptAt), claimedUntil: null, lastError: error });
    },
    async releaseMessageClaims() {
      let released = 0;
      for (const message of queuedMessages) {
        if (message.finishedAt !== null || message.claimedUntil === null) continue;
        message.claimedUntil = null;
        released++;
      }
      return released;
    },
    async nextMessageDue() {
      let due: Date | null = null;
      for (const message of queuedMessages) {
        if (message.finishedAt === null && (!due || message.nextAttemptAt < due)) due = message.nextAttemptAt;
      }
      return due ? new Date(due.getTime()) : null;
    },
    async deleteMessagesFinishedBefore(before) {
      return removeFromArray(queuedMessages, (m) => m.finishedAt !== null && m.finishedAt < before);
    },

    async enqueueWebhooks(deliveries) {
      // The unique key (message id, endpoint) is checked for all before any goes in, as one INSERT would be.
      const keys = new Set(webhookDeliveries.map((d) => pairKey(d.messageId, d.endpoint)));
      for (const delivery of deliveries) {
        const key = pairKey(delivery.messageId, delivery.endpoint);
        if (keys.has(key)) throw uniqueViolation('webhook_deliveries_message_endpoint_key');
        keys.add(key);
      }
      for (const delivery of deliveries) {
        const createdAt = requiredDate(delivery.createdAt);
        webhookDeliveries.push({
          id: ++lastWebhookDeliveryId,
          messageId: delivery.messageId,
          endpoint: delivery.endpoint,
          eventType: delivery.eventType,
          body: delivery.body,
          createdAt,
          attempts: 0,
          nextAttemptAt: createdAt,
          claimedUntil: null,
          finishedAt: null,
          outcome: null,
          lastError: null,
        });
      }
    },
    async claimDueWebhook(now, claimUntil) {
      for (const delivery of webhookDeliveries) {
        if (delivery.finishedAt !== null || delivery.nextAttemptAt > now) continue;
        if (delivery.claimedUntil !== null && delivery.claimedUntil > now) continue;
        const until = requiredDate(claimUntil);
        delivery.claimedUntil = until;
        delivery.attempts++;
        const claimed: ClaimedWebhookDelivery = { ...copy(delivery), claimedUntil: new Date(until.getTime()) };
        return claimed;
      }
      return null;
    },
    async addWebhookAttempt(attempt) {
      if (!webhookDeliveries.some((d) => d.id === attempt.deliveryId)) throw foreignKeyViolation('webhook_attempts_delivery_id_webhook_deliveries_id_fk');
      webhookAttempts.push({ ...attempt, attemptedAt: requiredDate(attempt.attemptedAt), id: ++lastWebhookAttemptId });
    },
    async finishWebhook(id, claimedUntil, outcome, at, error) {
      const delivery = webhookDeliveries.find((d) => d.id === id);
      if (!delivery || delivery.claimedUntil?.getTime() !== claimedUntil.getTime()) return;
      Object.assign(delivery, { finishedAt: requiredDate(at), outcome, claimedUntil: null }, error === null ? {} : { lastError: error });
    },
    async retryWebhook(id, claimedUntil, nextAttemptAt, error) {
      const delivery = webhookDeliveries.find((d) => d.id === id);
      if (!delivery || delivery.claimedUntil?.getTime() !== claimedUntil.getTime()) return;
      Object.assign(delivery, { nextAttemptAt: requiredDate(nextAttemptAt), claimedUntil: null, lastError: error });
    },
    async releaseWebhookClaims() {
      let released = 0;
      for (const delivery of webhookDeliveries) {
        if (delivery.finishedAt !== null || delivery.claimedUntil === null) continue;
        delivery.claimedUntil = null;
        released++;
      }
      return released;
    },
    async listWebhookDeliveries({ gaveUpOnly, limit }) {
      return webhookDeliveries
        .filter((d) => !gaveUpOnly || d.outcome === 'gave_up')
        .sort((a, b) => b.id - a.id)
        .slice(0, sqlLimit(limit))
        .map((d) => ({ ...copy(d), totalAttempts: webhookAttempts.filter((a) => a.deliveryId === d.id).length }));
    },
    async listWebhookAttempts(deliveryId) {
      return webhookAttempts.filter((a) => a.deliveryId === deliveryId).map(({ id: _id, ...attempt }) => copy(attempt));
    },
    async retryGivenUpWebhooks(target, now) {
      let retried = 0;
      for (const delivery of webhookDeliveries) {
        if (delivery.outcome !== 'gave_up' || (target !== 'all' && delivery.id !== target.id)) continue;
        Object.assign(delivery, { finishedAt: null, outcome: null, attempts: 0, nextAttemptAt: requiredDate(now), claimedUntil: null });
        retried++;
      }
      return retried;
    },
    async deleteWebhooksFinishedBefore(outcome, before) {
      const gone = new Set(webhookDeliveries.filter((d) => d.outcome === outcome && d.finishedAt !== null && d.finishedAt < before).map((d) => d.id));
      removeFromArray(webhookAttempts, (a) => gone.has(a.deliveryId));
      return removeFromArray(webhookDeliveries, (d) => gone.has(d.id));
    },

    async deleteExpiredMfaRecords(now) {
      return (
        deleteWhere(mfaChallenges, (c) => c.expiresAt < now) +
        deleteWhere(pendingSetups, (s) => s.expiresAt < now) +
        deleteWhere(trustedDevices, (d) => d.expiresAt < now)
      );
    },
  };

  const guardedStore = guarded(store);
  return guardedStore;
}

/**
 * An error the database would have raised, with its SQLSTATE on `code` as node-postgres and PGlite report it. Only
 * for what the SQL adapter lets through untranslated (duplicate keys of tokens, missing referenced rows, bad uuids).
 */
export class MemoryStoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'MemoryStoreError';
  }
}

function uniqueViolation(constraint: string): MemoryStoreError {
  return new MemoryStoreError('23505', `duplicate key value violates unique constraint "${constraint}"`);
}

function foreignKeyViolation(constraint: string): MemoryStoreError {
  return new MemoryStoreError('23503', `insert or update violates foreign key constraint "${constraint}"`);
}

/**
 * Every method refuses once the store is closed (as a closed database connection would), and refuses NUL in any
 * string it is given: PostgreSQL text and jsonb cannot hold it, so the SQL adapter fails on it too.
 */
function guarded(store: Store): Store {
  let closed = false;
  const members = store as unknown as Record<string, unknown>;
  const wrapped: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(members)) {
    if (typeof member !== 'function') {
      wrapped[name] = member;
      continue;
    }
    const method = member as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = (...args: unknown[]) => {
      if (name === 'close') {
        closed = true;
        return Promise.resolve();
      }
      if (closed) return Promise.reject(new Error('The memory store is closed'));
      if (args.some(holdsNul)) return Promise.reject(new MemoryStoreError('22021', 'invalid byte sequence for encoding "UTF8": 0x00'));
      return method(...args);
    };
  }
  return wrapped as unknown as Store;
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.entries(value).some(([key, v]) => key.includes('\u0000') || holdsNul(v));
  }
  return false;
}

/**
 * A uuid as PostgreSQL's uuid type reads it: 32 hex digits, optionally in braces, with optional hyphens after any
 * group of four; returned in its canonical lower-case form. Anything else is refused, as the SQL adapter's queries
 * would be.
 */
function uuid(value: string): string {
  const text = value.startsWith('{') && value.endsWith('}') && value.length > 1 ? value.slice(1, -1) : value;
  if (/^(?:[0-9a-f]{4}-?){7}[0-9a-f]{4}$/i.test(text)) {
    const hex = text.replaceAll('-', '').toLowerCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  throw new MemoryStoreError('22P02', `invalid input syntax for type uuid: "${value}"`);
}

/** Two strings in the C collation the databases use: by code point (UTF-8 byte order), not UTF-16 code unit. */
function compareText(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

function compareTime(a: Date, b: Date): number {
  return a.getTime() - b.getTime();
}

/** SQL LIKE: `%` any run of characters, `_` one character, a backslash takes the next character literally. */
function likePattern(pattern: string): RegExp {
  let source = '';
  const characters = [...pattern];
  for (let i = 0; i < characters.length; i++) {
    const c = characters[i]!;
    if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else {
      const literal = c === '\\' ? characters[++i] : c;
      if (literal === undefined) throw new MemoryStoreError('22025', 'LIKE pattern must not end with escape character');
      source += literal.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 'su');
}

/** A LIMIT as PostgreSQL takes it: a whole number, not negative. */
function sqlLimit(limit: number): number {
  if (!Number.isInteger(limit)) throw new MemoryStoreError('22P02', `invalid input syntax for type bigint: "${limit}"`);
  if (limit < 0) throw new MemoryStoreError('2201W', 'LIMIT must not be negative');
  return limit;
}

/** Two key parts joined by NUL, which no stored text can hold, so different pairs never meet. */
function pairKey(a: string, b: string): string {
  return `${a}\u0000${b}`;
}

/** Removes the matching elements in place; returns how many went. */
function removeFromArray<T>(array: T[], condition: (element: T) => boolean): number {
  let kept = 0;
  for (const element of array) {
    if (!condition(element)) array[kept++] = element;
  }
  const removed = array.length - kept;
  array.length = kept;
  return removed;
}

function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function requiredDate(date: Date): Date {
  return new Date(date.getTime());
}

function optionalDate(date: Date | null | undefined): Date | null {
  return date == null ? null : new Date(date.getTime());
}

/** A payload as jsonb keeps it: JSON values only (undefined members dropped, dates as strings). */
function jsonb(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/** A stored record's copy: its own Dates and its own payload, so callers cannot reach into the store. */
function copy<T extends object>(record: T): T {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value instanceof Date) result[key] = new Date(value.getTime());
    else if (value !== null && typeof value === 'object') result[key] = JSON.parse(JSON.stringify(value));
    else result[key] = value;
  }
  return result as T;
}

function copyOrNull<T extends object>(record: T | undefined): T | null {
  return record ? copy(record) : null;
}
