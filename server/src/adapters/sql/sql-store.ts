import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gt,
  ilike,
  inArray,
  isNotNull,
  isNull,
  like,
  lt,
  lte,
  min,
  ne,
  or,
  type Placeholder,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { AccountRole } from '@portico/contract';
import {
  type MemberChange,
  type MemberChangeOutcome,
  type CustomerAccountRecord,
  CustomerIdTakenError,
  type ClaimedMessage,
  type ClaimedWebhookDelivery,
  type WebhookDeliveryListing,
  type SessionChangeFeed,
  EmailTakenError,
  PersonalNumberTakenError,
  type SigningKeyRecord,
  type SessionAccount,
  type SessionRecord,
  type Store,
  type UserRecord,
} from '../../ports/store.ts';
import {
  accountMembers,
  activityEvents,
  bankidOrders,
  customerAccounts,
  devOutbox,
  knownBrowsers,
  outboxMessages,
  mfaChallenges,
  mfaFactors,
  mfaPendingSetups,
  passkeys,
  rateLimitEvents,
  recoveryCodes,
  type schema,
  sessions,
  signingKeys,
  trustedDevices,
  users,
  verifications,
  webauthnChallenges,
  webhookAttempts,
  webhookDeliveries,
} from './schema.ts';

export type PorticoDatabase = PgDatabase<PgQueryResultHKT, typeof schema>;

const uniqueViolation = '23505';

function isUniqueViolation(error: unknown): boolean {
  // node-postgres puts the SQLSTATE on the error, PGlite too; Drizzle may wrap either in `cause`.
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === uniqueViolation) return true;
  }
  return false;
}

/** Any fixed number: it keeps rate-limit locks apart from other advisory locks on the same database. */
export const rateLimitLockSeed = 7_406_722_592;

/** The channel session changes are announced on (LISTEN/NOTIFY): `s:<session id>` or `u:<user id>`. */
export const sessionChangeChannel = 'portico_sessions';

export interface SqlStoreOptions {
  /**
   * Announce session and user changes with NOTIFY, in the transaction that makes them (PostgreSQL, where other nodes
   * listen). PGlite has no other process to tell.
   */
  notify: boolean;
  /** Where this process hears other processes' announcements; null for PGlite. */
  sessionChanges: SessionChangeFeed | null;
}

type Executor = Pick<PorticoDatabase, 'execute'>;

/**
 * A session's user, as long as the session counts: signed in with the user's current credentials, and the login not
 * disabled (a session a sign-in finished just as support disabled the login is never found).
 */
const sessionUserJoin = and(eq(users.id, sessions.userId), eq(users.credentialVersion, sessions.credentialVersion), isNull(users.disabledAt));

/** A timestamp as node-postgres or PGlite hand it back from raw SQL: a Date, or its text. */
function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(typeof value === 'string' || typeof value === 'number' ? value : Number.NaN);
}

type Transaction = Parameters<Parameters<PorticoDatabase['transaction']>[0]>[0];

/**
 * Locks the account's row until the transaction ends: every change to who owns an account takes it first, so two
 * changes at once cannot both see another owner and leave none, nor two first links both become owner.
 */
async function lockAccount(tx: Transaction, customerId: string): Promise<void> {
  await tx.select({ customerId: customerAccounts.customerId }).from(customerAccounts).where(eq(customerAccounts.customerId, customerId)).for('update');
}

/** What `portico_reserve_events` (migration 0012) answers, as JSON. */
const ReservationAnswer = z.object({
  granted: z.boolean(),
  counts: z.array(z.number().int()),
  fullUntilLeft: z.array(z.string().nullable()),
  ids: z.array(z.number().int()),
});

/** A `json` value as the driver answered it: parsed already by both here, text should a driver leave it unparsed. */
function jsonColumn(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/**
 * `values` as one PostgreSQL array literal, to pass as a single parameter cast to an array type: drizzle's `sql`
 * spreads a JavaScript array into a list of parameters instead.
 */
function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** `text` matched as itself in a LIKE pattern: a login or a name can hold % and _, which LIKE reads as wildcards. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The role of a first link: owner while the account has none. */
async function firstLinkRole(tx: Transaction, customerId: string): Promise<AccountRole> {
  const [owner] = await tx
    .select({ userId: accountMembers.userId })
    .from(accountMembers)
    .where(and(eq(accountMembers.customerId, customerId), eq(accountMembers.role, 'owner')))
    .limit(1);
  return owner ? 'member' : 'owner';
}

async function memberRole(tx: Transaction, customerId: string, userId: string): Promise<AccountRole | null> {
  const [row] = await tx
    .select({ role: accountMembers.role })
    .from(accountMembers)
    .where(and(eq(accountMembers.customerId, customerId), eq(accountMembers.userId, userId)));
  return row?.role ?? null;
}

/** Locks the account, then applies MemberChange's rules to the roles as they are now; `to` null is a removal. */
async function checkMemberChange(tx: Transaction, change: MemberChange, to: AccountRole | null): Promise<MemberChangeOutcome> {
  await lockAccount(tx, change.customerId);
  const actor = change.actorUserId === null ? 'owner' : await memberRole(tx, change.customerId, change.actorUserId);
  if (actor === null) return 'forbidden';
  const previousRole = await memberRole(tx, change.customerId, change.userId);
  if (previousRole === null) return 'not_member';
  if (!change.may(actor, previousRole)) return 'forbidden';
  if (previousRole === 'owner' && to !== 'owner' && !(await hasOtherOwner(tx, change.customerId, change.userId))) return 'last_owner';
  return { previousRole };
}

async function hasOtherOwner(tx: Transaction, customerId: string, userId: string): Promise<boolean> {
  const [other] = await tx
    .select({ userId: accountMembers.userId })
    .from(accountMembers)
    .where(and(eq(accountMembers.customerId, customerId), eq(accountMembers.role, 'owner'), ne(accountMembers.userId, userId)))
    .limit(1);
  return other !== undefined;
}
/** A session's columns as a SessionRecord holds them: without the renewal's bookkeeping (findSessionRenewedFrom). */
const { renewedFrom: _renewedFrom, renewedAt: _renewedAt, ...sessionColumns } = getTableColumns(sessions);

/** A session with its user, by the session's id (its token's hash): the first read of every session check. */
function sessionWithUserQuery(executor: PorticoDatabase, id: string | Placeholder) {
  return executor
    .select({ session: sessionColumns, user: users, accounts: sessionAccountsJson })
    .from(sessions)
    .innerJoin(users, sessionUserJoin)
    .where(eq(sessions.id, id))
    .limit(1);
}

/**
 * The session's accounts as JSON, in the session check's own statement (one round trip, not two); the same rows and
 * order as `sessionAccountsQuery`.
 */
const sessionAccountsJson = sql<unknown>`(
  select coalesce(json_agg(json_build_object(
    'customerId', ${customerAccounts.customerId}, 'name', ${customerAccounts.name}, 'mainContactEmail', ${customerAccounts.mainContactEmail},
    'legacyPasswordHash', ${customerAccounts.legacyPasswordHash}, 'migratedAt', ${customerAccounts.migratedAt},
    'createdAt', ${customerAccounts.createdAt}, 'role', ${accountMembers.role}
  ) order by ${customerAccounts.name}, ${customerAccounts.customerId}), '[]'::json)
  from ${accountMembers} inner join ${customerAccounts} on ${customerAccounts.customerId} = ${accountMembers.customerId}
  where ${accountMembers.userId} = ${sessions.userId})`;

const SessionAccountsJson = z.array(
  z.object({
    customerId: z.string(),
    name: z.string(),
    mainContactEmail: z.string(),
    legacyPasswordHash: z.string().nullable(),
    migratedAt: z.string().nullable(),
    createdAt: z.string(),
    role: AccountRole,
  }),
);

/** The accounts `sessionAccountsJson` read, each marked whether it is the session's active one. */
function sessionAccountsFrom(json: unknown, session: SessionRecord): SessionAccount[] {
  return SessionAccountsJson.parse(jsonColumn(json)).map(({ role, migratedAt, createdAt, ...account }) => ({
    account: { ...account, migratedAt: migratedAt === null ? null : new Date(migratedAt), createdAt: new Date(createdAt) },
    role,
    active: session.activeAccount === account.customerId,
  }));
}

/** A session's customer accounts, with the user's role in each: the second read of a session check. */
function sessionAccountsQuery(executor: PorticoDatabase, sessionId: string | Placeholder) {
  return executor
    .select({ account: customerAccounts, role: accountMembers.role, active: sessions.activeAccount })
    .from(sessions)
    .innerJoin(accountMembers, eq(accountMembers.userId, sessions.userId))
    .innerJoin(customerAccounts, eq(customerAccounts.customerId, accountMembers.customerId))
    .where(eq(sessions.id, sessionId))
    .orderBy(asc(customerAccounts.name), asc(customerAccounts.customerId));
}

/** A user by e-mail address, in any letter case: the first read of a password sign-in. */
function userByEmailQuery(executor: PorticoDatabase, email: string | Placeholder) {
  return executor
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email))
    .limit(1);
}

/** A user's customer accounts with their role in each, by name. */
function userAccountsQuery(executor: PorticoDatabase, userId: string | Placeholder) {
  return executor
    .select({ account: customerAccounts, role: accountMembers.role })
    .from(accountMembers)
    .innerJoin(customerAccounts, eq(customerAccounts.customerId, accountMembers.customerId))
    .where(eq(accountMembers.userId, userId))
    .orderBy(asc(customerAccounts.name), asc(customerAccounts.customerId));
}

/** A user's second factors. */
function factorsQuery(executor: PorticoDatabase, userId: string | Placeholder) {
  return executor.select().from(mfaFactors).where(eq(mfaFactors.userId, userId));
}

/** A user's passkeys, newest first. */
function passkeysQuery(executor: PorticoDatabase, userId: string | Placeholder) {
  return executor.select().from(passkeys).where(eq(passkeys.userId, userId)).orderBy(desc(passkeys.createdAt), asc(passkeys.id));
}

/**
 * The reads every session check and every sign-in makes, built once and prepared: on PostgreSQL each connection
 * parses and plans them once (as named statements), and no request pays for building them, which was most of a
 * check's time when the session cache is off (strict revocation). Outside transactions only: a prepared query runs
 * on the pool, not in `tx`.
 */
function prepareHotReads(db: PorticoDatabase) {
  return {
    sessionWithUser: sessionWithUserQuery(db, sql.placeholder('id')).prepare('portico_session_with_user'),
    sessionAccounts: sessionAccountsQuery(db, sql.placeholder('id')).prepare('portico_session_accounts'),
    userByEmail: userByEmailQuery(db, sql.placeholder('email')).prepare('portico_user_by_email'),
    userAccounts: userAccountsQuery(db, sql.placeholder('userId')).prepare('portico_user_accounts'),
    factors: factorsQuery(db, sql.placeholder('userId')).prepare('portico_factors'),
    passkeys: passkeysQuery(db, sql.placeholder('userId')).prepare('portico_passkeys'),
  };
}

/** The Store port over Drizzle; the same code serves PGlite and PostgreSQL. */
export function createSqlStore(db: PorticoDatabase, close: () => Promise<void>, options: SqlStoreOptions, inTransaction = false): Store {
  const hot = inTransaction ? null : prepareHotReads(db);

  /** NOTIFY is sent at commit: listeners never hear of a change that was rolled back. */
  async function announce(executor: Executor, changes: readonly string[]): Promise<void> {
    if (!options.notify || changes.length === 0) return;
    const values = sql.join(
      changes.map((change) => sql`(${change})`),
      sql`, `,
    );
    await executor.execute(sql`select pg_notify(${sessionChangeChannel}, change) from (values ${values}) as announced(change)`);
  }

  /** Runs `work` and announces what it returns, in one transaction. */
  function announcing<T>(work: (tx: PorticoDatabase) => Promise<{ result: T; changes: string[] }>): Promise<T> {
    if (!options.notify) return work(db).then(({ result }) => result);
    return db.transaction(async (tx) => {
      const { result, changes } = await work(tx);
      await announce(tx, changes);
      return result;
    });
  }

  return {
    close,
    sessionChanges: options.sessionChanges,

    async transaction(work) {
      return db.transaction((tx) => work(createSqlStore(tx, close, options, true)));
    },

    async createUser(user) {
      try {
        const [row] = await db.insert(users).values(user).returning();
        return row as UserRecord;
      } catch (error) {
        if (isUniqueViolation(error)) throw new EmailTakenError(user.email);
        throw error;
      }
    },
    async findUserByEmail(email) {
      const lower = email.toLowerCase();
      const [row] = hot ? await hot.userByEmail.execute({ email: lower }) : await userByEmailQuery(db, lower);
      return row ?? null;
    },
    async findUserById(id) {
      const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
      return row ?? null;
    },
    listUsers() {
      return db.select().from(users).orderBy(asc(users.createdAt), asc(users.email));
    },
    async hasUsers() {
      const [row] = await db.select({ id: users.id }).from(users).limit(1);
      return row !== undefined;
    },

    async updatePassword(userId, passwordHash, emailVerifiedAt) {
      return announcing(async (tx) => {
        const version = sql`${users.credentialVersion} + 1`;
        const [row] = await tx
          .update(users)
          .set(emailVerifiedAt ? { passwordHash, emailVerifiedAt, credentialVersion: version } : { passwordHash, credentialVersion: version })
          .where(eq(users.id, userId))
          .returning({ credentialVersion: users.credentialVersion });
        return { result: row?.credentialVersion ?? null, changes: [`u:${userId}`] };
      });
    },
    async updateName(userId, name) {
      return announcing(async (tx) => {
        const [row] = await tx.update(users).set({ name }).where(eq(users.id, userId)).returning();
        return { result: row ?? null, changes: row ? [`u:${row.id}`] : [] };
      });
    },
    async updateLocale(userId, locale) {
      return announcing(async (tx) => {
        const [row] = await tx.update(users).set({ locale }).where(eq(users.id, userId)).returning();
        return { result: row ?? null, changes: row ? [`u:${row.id}`] : [] };
      });
    },
    async setUserDisabled(userId, at) {
      return announcing(async (tx) => {
        const [row] = await tx.update(users).set({ disabledAt: at }).where(eq(users.id, userId)).returning();
        return { result: row ?? null, changes: row ? [`u:${row.id}`] : [] };
      });
    },

    async setPersonalNumber(userId, sealed, hash) {
      try {
        return await announcing(async (tx) => {
          const [row] = await tx.update(users).set({ personalNumberSealed: sealed, personalNumberHash: hash }).where(eq(users.id, userId)).returning();
          return { result: row ?? null, changes: row ? [`u:${row.id}`] : [] };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new PersonalNumberTakenError();
        throw error;
      }
    },
    async findUserByPersonalNumberHash(hash) {
      const [row] = await db.select().from(users).where(eq(users.personalNumberHash, hash)).limit(1);
      return row ?? null;
    },

    async createBankIdOrder(order) {
      await db.insert(bankidOrders).values(order);
    },
    async findBankIdOrder(id) {
      const [row] = await db.select().from(bankidOrders).where(eq(bankidOrders.id, id)).limit(1);
      return row ?? null;
    },
    async updateBankIdOrder(id, patch) {
      await db.update(bankidOrders).set(patch).where(eq(bankidOrders.id, id));
    },
    async deleteBankIdOrder(id) {
      const deleted = await db.delete(bankidOrders).where(eq(bankidOrders.id, id)).returning({ id: bankidOrders.id });
      return deleted.length === 1;
    },
    async deleteBankIdOrdersExpiredBefore(now) {
      const deleted = await db.delete(bankidOrders).where(lt(bankidOrders.expiresAt, now)).returning({ id: bankidOrders.id });
      return deleted.length;
    },
    async findBankIdOrdersNotCollectedSince(before) {
      return db
        .select()
        .from(bankidOrders)
        .where(
          and(
            eq(bankidOrders.status, 'pending'),
            or(lt(bankidOrders.lastCollectAt, before), and(isNull(bankidOrders.lastCollectAt), lt(bankidOrders.startedAt, before))),
          ),
        );
    },

    async createSession(session) {
      // A session starts at a sign-in: what owners and admins see as the person's last sign-in. One statement (the
      // insert as a data-modifying CTE), so a sign-in waits for one round trip here, not two.
      const started = db.insert(sessions).values(session).getSQL();
      const lastSignIn = db.update(users).set({ lastSignInAt: session.createdAt }).where(eq(users.id, session.userId)).getSQL();
      await db.execute(sql`with started as (${started}) ${lastSignIn}`);
    },
    async findUsersByName(fragment, limit) {
      return db
        .select()
        .from(users)
        .where(ilike(users.name, `%${likeLiteral(fragment)}%`))
        .orderBy(asc(users.name), asc(users.email))
        .limit(limit);
    },
    async listUserSessions(userId) {
      const rows = await db.select(sessionColumns).from(sessions).where(eq(sessions.userId, userId)).orderBy(desc(sessions.createdAt), asc(sessions.publicId));
      return rows;
    },
    async findSessionByPublicId(publicId) {
      const [row] = await db
        .select({ session: sessionColumns, user: users })
        .from(sessions)
        .innerJoin(users, sessionUserJoin)
        .where(eq(sessions.publicId, publicId))
        .limit(1);
      return row ?? null;
    },

    async listSigningKeys() {
      const rows = await db.select().from(signingKeys).orderBy(desc(signingKeys.createdAt), desc(signingKeys.kid));
      return rows as SigningKeyRecord[];
    },
    async activateSigningKey(key, replacesKid) {
      try {
        return await db.transaction(async (tx) => {
          if (replacesKid !== null) {
            // Locks the row: a node rotating at the same moment waits, then finds the key retired already.
            const retired = await tx
              .update(signingKeys)
              .set({ retiredAt: key.createdAt })
              .where(and(eq(signingKeys.kid, replacesKid), isNull(signingKeys.retiredAt)))
              .returning({ kid: signingKeys.kid });
            if (retired.length === 0) return false;
          }
          // With an active key already (another node's first key), the partial unique index refuses this one.
          await tx.insert(signingKeys).values(key);
          return true;
        });
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async revokeSigningKey(kid, at) {
      const revoked = await db
        .update(signingKeys)
        .set({ revokedAt: at, retiredAt: sql`coalesce(${signingKeys.retiredAt}, ${at.toISOString()}::timestamptz)` })
        .where(eq(signingKeys.kid, kid))
        .returning({ kid: signingKeys.kid });
      return revoked.length === 1;
    },
    async renewSession(oldId, newId, changes) {
      // The DELETE locks the old row: a second renewal at the same moment waits for this one, then finds it gone.
      return db.transaction(async (tx) => {
        const [old] = await tx.delete(sessions).where(eq(sessions.id, oldId)).returning(sessionColumns);
        if (!old) return null;
        const renewed: SessionRecord = { ...old, ...changes, id: newId };
        await tx.insert(sessions).values({ ...renewed, renewedFrom: oldId, renewedAt: changes.lastSeenAt });
        await announce(tx, [`s:${oldId}`]);
        return renewed;
      });
    },
    async findSessionRenewedFrom(oldId) {
      const [row] = await db.select({ renewedAt: sessions.renewedAt }).from(sessions).where(eq(sessions.renewedFrom, oldId)).limit(1);
      return row?.renewedAt ?? null;
    },
    async findSession(id) {
      const [row] = await db.select(sessionColumns).from(sessions).where(eq(sessions.id, id)).limit(1);
      return row ?? null;
    },
    async findSessionWithUser(id) {
      const [row] = hot ? await hot.sessionWithUser.execute({ id }) : await sessionWithUserQuery(db, id);
      return row ? { session: row.session, user: row.user, accounts: sessionAccountsFrom(row.accounts, row.session) } : null;
    },
    async touchSession(id, lastSeenAt) {
      await db.update(sessions).set({ lastSeenAt }).where(eq(sessions.id, id));
    },
    async markSessionReauthenticated(id, at) {
      await db.update(sessions).set({ reauthenticatedAt: at }).where(eq(sessions.id, id));
    },
    async deleteSession(id) {
      await announcing(async (tx) => {
        const deleted = await tx.delete(sessions).where(eq(sessions.id, id)).returning({ id: sessions.id });
        return { result: undefined, changes: deleted.map((row) => `s:${row.id}`) };
      });
    },
    async deleteUserSessions(userId, exceptId) {
      return announcing(async (tx) => {
        const deleted = await tx
          .delete(sessions)
          .where(exceptId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptId)) : eq(sessions.userId, userId))
          .returning({ id: sessions.id });
        return { result: deleted.length, changes: deleted.map((row) => `s:${row.id}`) };
      });
    },
    async endSession(id) {
      return announcing(async (tx) => {
        const [ended] = await tx
          .delete(sessions)
          .where(eq(sessions.id, id))
          .returning({ id: sessions.id, userId: sessions.userId, publicId: sessions.publicId });
        return { result: ended ?? null, changes: ended ? [`s:${ended.id}`] : [] };
      });
    },
    async endUserSessions(userId, exceptId) {
      return announcing(async (tx) => {
        const ended = await tx
          .delete(sessions)
          .where(exceptId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptId)) : eq(sessions.userId, userId))
          .returning({ id: sessions.id, userId: sessions.userId, publicId: sessions.publicId });
        return { result: ended, changes: ended.map((row) => `s:${row.id}`) };
      });
    },
    async deleteExpiredSessions(now, idleCutoff) {
      const deleted = await db
        .delete(sessions)
        .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleCutoff)))
        .returning({ id: sessions.id });
      return deleted.length;
    },

    async appendActivity(entry) {
      await db.insert(activityEvents).values(entry);
    },
    async listActivity(filter) {
      const conditions: SQL[] = [];
      if (filter.subjectUserId !== undefined) conditions.push(eq(activityEvents.subjectUserId, filter.subjectUserId));
      if (filter.customerId !== undefined) conditions.push(eq(activityEvents.customerId, filter.customerId));
      if (filter.type !== undefined) conditions.push(eq(activityEvents.type, filter.type));
      if (filter.before !== undefined) conditions.push(lt(activityEvents.id, filter.before));
      const rows = await db
        .select()
        .from(activityEvents)
        .where(and(...conditions))
        .orderBy(desc(activityEvents.id))
        .limit(filter.limit);
      return rows;
    },
    async deleteActivityBefore(before) {
      const deleted = await db.delete(activityEvents).where(lt(activityEvents.at, before)).returning({ id: activityEvents.id });
      return deleted.length;
    },

    async createCustomerAccount(account) {
      try {
        const [row] = await db.insert(customerAccounts).values(account).returning();
        return row as CustomerAccountRecord;
      } catch (error) {
        if (isUniqueViolation(error)) throw new CustomerIdTakenError(account.customerId);
        throw error;
      }
    },
    async findCustomerAccount(customerId) {
      const [row] = await db.select().from(customerAccounts).where(eq(customerAccounts.customerId, customerId)).limit(1);
      return row ?? null;
    },
    async setLegacyPassword(customerId, passwordHash) {
      const updated = await db
        .update(customerAccounts)
        .set({ legacyPasswordHash: passwordHash })
        .where(and(eq(customerAccounts.customerId, customerId), isNull(customerAccounts.migratedAt)))
        .returning({ customerId: customerAccounts.customerId });
      return updated.length === 1;
    },
    async migrateCustomerAccount(customerId, member, at) {
      try {
        return await db.transaction(async (tx) => {
          // The conditional update is the lock: of two registrations at once, one finds the ID migrated already.
          const claimed = await tx
            .update(customerAccounts)
            .set({ migratedAt: at })
            .where(and(eq(customerAccounts.customerId, customerId), isNull(customerAccounts.migratedAt)))
            .returning({ customerId: customerAccounts.customerId });
          if (claimed.length === 0) return null;
          let userId: string;
          if ('newUser' in member) {
            await tx.insert(users).values(member.newUser);
            userId = member.newUser.id;
          } else {
            userId = member.userId;
          }
          // The conditional update above holds the account's row: no other link can decide the owner meanwhile.
          const role = await firstLinkRole(tx, customerId);
          const [linked] = await tx
            .insert(accountMembers)
            .values({ userId, customerId, role, createdAt: at })
            .onConflictDoNothing()
            .returning({ role: accountMembers.role });
          // Sessions of an existing user show the account now, on every node.
          if ('userId' in member) await announce(tx, [`u:${userId}`]);
          if (linked) return linked.role;
          return (await memberRole(tx, customerId, userId)) ?? role;
        });
      } catch (error) {
        if ('newUser' in member && isUniqueViolation(error)) throw new EmailTakenError(member.newUser.email);
        throw error;
      }
    },
    async closeCustomerIdLogin(customerId, at) {
      const closed = await db
        .update(customerAccounts)
        .set({ migratedAt: at })
        .where(and(eq(customerAccounts.customerId, customerId), isNull(customerAccounts.migratedAt)))
        .returning({ customerId: customerAccounts.customerId });
      return closed.length === 1;
    },
    async linkAccountMember(userId, customerId, at, role) {
      return db.transaction(async (tx) => {
        await lockAccount(tx, customerId);
        const given = role ?? (await firstLinkRole(tx, customerId));
        const inserted = await tx
          .insert(accountMembers)
          .values({ userId, customerId, role: given, createdAt: at })
          .onConflictDoNothing()
          .returning({ role: accountMembers.role });
        if (inserted.length > 0) await announce(tx, [`u:${userId}`]);
        return inserted[0]?.role ?? null;
      });
    },
    async listUserAccounts(userId) {
      return hot ? hot.userAccounts.execute({ userId }) : userAccountsQuery(db, userId);
    },
    async findUserAccount(userId, customerId) {
      const [row] = await db
        .select({ account: customerAccounts, role: accountMembers.role })
        .from(accountMembers)
        .innerJoin(customerAccounts, eq(customerAccounts.customerId, accountMembers.customerId))
        .where(and(eq(accountMembers.userId, userId), eq(accountMembers.customerId, customerId)))
        .limit(1);
      return row ?? null;
    },
    async listSessionAccounts(sessionId) {
      const rows = hot ? await hot.sessionAccounts.execute({ id: sessionId }) : await sessionAccountsQuery(db, sessionId);
      return rows.map((r) => ({ account: r.account, role: r.role, active: r.active === r.account.customerId }));
    },
    async listAccountMembers(customerId) {
      const rows = await db
        .select({ user: users, role: accountMembers.role, linkedAt: accountMembers.createdAt })
        .from(accountMembers)
        .innerJoin(users, eq(users.id, accountMembers.userId))
        .where(eq(accountMembers.customerId, customerId));
      return rows;
    },
    async setAccountMemberRole(change, role) {
      return db.transaction(async (tx) => {
        const checked = await checkMemberChange(tx, change, role);
        if (typeof checked === 'string') return checked;
        const { customerId, userId } = change;
        await tx
          .update(accountMembers)
          .set({ role })
          .where(and(eq(accountMembers.customerId, customerId), eq(accountMembers.userId, userId)));
        await announce(tx, [`u:${userId}`]);
        return checked;
      });
    },
    async removeAccountMember(change) {
      return db.transaction(async (tx) => {
        const checked = await checkMemberChange(tx, change, null);
        if (typeof checked === 'string') return checked;
        const { customerId, userId } = change;
        await tx.delete(accountMembers).where(and(eq(accountMembers.customerId, customerId), eq(accountMembers.userId, userId)));
        // A session working in the account works in none now; its user chooses again.
        await tx
          .update(sessions)
          .set({ activeAccount: null })
          .where(and(eq(sessions.userId, userId), eq(sessions.activeAccount, customerId)));
        await announce(tx, [`u:${userId}`]);
        return checked;
      });
    },
    async setSessionActiveAccount(sessionId, customerId) {
      await announcing(async (tx) => {
        await tx.update(sessions).set({ activeAccount: customerId }).where(eq(sessions.id, sessionId));
        return { result: undefined, changes: [`s:${sessionId}`] };
      });
    },

    async reserveEvents(keys, at, windows) {
      // Its own transaction: the lock must be held from the count to the commit of the new events. One call of the
      // function migration 0012 adds (portico_reserve_events) does all of it in one round trip.
      if (inTransaction) throw new Error('reserveEvents runs in a transaction of its own');
      const result = await db.execute(sql`
        select portico_reserve_events(
          ${rateLimitLockSeed}::bigint,
          ${textArray(keys)}::text[],
          ${at.toISOString()}::timestamptz,
          ${textArray(windows.map((w) => w.key))}::text[],
          ${textArray(windows.map((w) => w.since.toISOString()))}::timestamptz[],
          ${textArray(windows.map((w) => String(w.max)))}::int[]
        ) as reservation`);
      const [row] = (result as { rows: { reservation: unknown }[] }).rows;
      const reservation = ReservationAnswer.parse(jsonColumn(row?.reservation));
      const counts = reservation.counts.map((count, i) => ({ count, fullUntilLeft: toDate(reservation.fullUntilLeft[i] ?? null) }));
      return { granted: reservation.granted, ids: reservation.ids, counts };
    },
    async deleteEvents(ids) {
      if (ids.length === 0) return;
      await db.delete(rateLimitEvents).where(inArray(rateLimitEvents.id, [...ids]));
    },
    async clearEvents(key) {
      await db.delete(rateLimitEvents).where(eq(rateLimitEvents.key, key));
    },
    async clearEventsStartingWith(prefix) {
      await db.delete(rateLimitEvents).where(like(rateLimitEvents.key, `${likeLiteral(prefix)}%`));
    },
    async deleteEventsBefore(scope, before) {
      const deleted = await db
        .delete(rateLimitEvents)
        .where(and(like(rateLimitEvents.key, `${scope}:%`), lt(rateLimitEvents.at, before)))
        .returning({ id: rateLimitEvents.id });
      return deleted.length;
    },

    async addToOutbox(entry) {
      await db.insert(devOutbox).values(entry);
    },
    async deleteOutboxBefore(before) {
      const deleted = await db.delete(devOutbox).where(lt(devOutbox.createdAt, before)).returning({ id: devOutbox.id });
      return deleted.length;
    },
    listOutbox(filter) {
      const conditions: SQL[] = [];
      if (filter.recipient !== undefined) conditions.push(eq(sql`lower(${devOutbox.recipient})`, filter.recipient.toLowerCase()));
      if (filter.channel !== undefined) conditions.push(eq(devOutbox.channel, filter.channel));
      return db
        .select()
        .from(devOutbox)
        .where(and(...conditions))
        .orderBy(desc(devOutbox.id))
        .limit(filter.limit);
    },
    async createVerification(record) {
      await db.insert(verifications).values(record);
    },
    async findLatestVerification(purpose, email) {
      const [row] = await db
        .select()
        .from(verifications)
        .where(and(eq(verifications.purpose, purpose), eq(verifications.email, email), isNull(verifications.consumedAt)))
        .orderBy(desc(verifications.createdAt))
        .limit(1);
      return row ?? null;
    },
    async findVerificationBySecretHash(secretHash) {
      const [row] = await db.select().from(verifications).where(eq(verifications.secretHash, secretHash)).limit(1);
      return row ?? null;
    },
    async reserveVerificationAttempt(id, max) {
      // One conditional statement: of concurrent guesses, only as many as tries are left get one.
      const [row] = await db
        .update(verifications)
        .set({ attempts: sql`${verifications.attempts} + 1` })
        .where(and(eq(verifications.id, id), isNull(verifications.consumedAt), lt(verifications.attempts, max)))
        .returning({ attempts: verifications.attempts });
      return row?.attempts ?? null;
    },
    async consumeVerification(id, at) {
      // The `consumed_at is null` guard makes this the single point where two concurrent uses are told apart.
      const updated = await db
        .update(verifications)
        .set({ consumedAt: at })
        .where(and(eq(verifications.id, id), isNull(verifications.consumedAt)))
        .returning({ id: verifications.id });
      return updated.length === 1;
    },
    async retireVerifications(purpose, email, at) {
      await db
        .update(verifications)
        .set({ consumedAt: at })
        .where(and(eq(verifications.purpose, purpose), eq(verifications.email, email), isNull(verifications.consumedAt)));
    },
    async deleteVerificationsExpiredBefore(before) {
      const deleted = await db.delete(verifications).where(lt(verifications.expiresAt, before)).returning({ id: verifications.id });
      return deleted.length;
    },
    async listFactors(userId) {
      return hot ? hot.factors.execute({ userId }) : factorsQuery(db, userId);
    },
    async saveFactor(factor) {
      const { userId: _userId, kind: _kind, ...changes } = factor;
      await db
        .insert(mfaFactors)
        .values(factor)
        .onConflictDoUpdate({ target: [mfaFactors.userId, mfaFactors.kind], set: changes });
    },
    async deleteFactor(userId, kind) {
      const deleted = await db
        .delete(mfaFactors)
        .where(and(eq(mfaFactors.userId, userId), eq(mfaFactors.kind, kind)))
        .returning({ kind: mfaFactors.kind });
      return deleted.length === 1;
    },
    async advanceTotpStep(userId, step) {
      // One conditional UPDATE: of two requests with the same code, the second finds the step already taken.
      const updated = await db
        .update(mfaFactors)
        .set({ lastTotpStep: step })
        .where(and(eq(mfaFactors.userId, userId), eq(mfaFactors.kind, 'totp'), or(isNull(mfaFactors.lastTotpStep), lt(mfaFactors.lastTotpStep, step))))
        .returning({ kind: mfaFactors.kind });
      return updated.length === 1;
    },

    async savePendingSetup(setup) {
      const { userId: _userId, kind: _kind, ...changes } = setup;
      await db
        .insert(mfaPendingSetups)
        .values(setup)
        .onConflictDoUpdate({ target: [mfaPendingSetups.userId, mfaPendingSetups.kind], set: changes });
    },
    async findPendingSetup(userId, kind) {
      const [row] = await db
        .select()
        .from(mfaPendingSetups)
        .where(and(eq(mfaPendingSetups.userId, userId), eq(mfaPendingSetups.kind, kind)))
        .limit(1);
      return row ?? null;
    },
    async takePendingSetup(userId, kind) {
      const [row] = await db
        .delete(mfaPendingSetups)
        .where(and(eq(mfaPendingSetups.userId, userId), eq(mfaPendingSetups.kind, kind)))
        .returning();
      return row ?? null;
    },

    async replaceRecoveryCodes(userId, codes, at) {
      // In one transaction, so two regenerations at once leave one set of ten, never twenty.
      await db.transaction(async (tx) => {
        await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
        await tx.insert(recoveryCodes).values(codes.map(({ id, codeHash }) => ({ id, userId, codeHash, createdAt: at })));
      });
    },
    async useRecoveryCode(userId, codeHash, at) {
      const updated = await db
        .update(recoveryCodes)
        .set({ usedAt: at })
        .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
        .returning({ id: recoveryCodes.id });
      return updated.length === 1;
    },
    async countUnusedRecoveryCodes(userId) {
      const [row] = await db
        .select({ total: count(), unused: count(sql`case when ${recoveryCodes.usedAt} is null then 1 end`) })
        .from(recoveryCodes)
        .where(eq(recoveryCodes.userId, userId));
      return row && row.total > 0 ? row.unused : null;
    },
    async deleteRecoveryCodes(userId) {
      await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    },

    async createTrustedDevice(device) {
      await db.insert(trustedDevices).values(device);
    },
    async findTrustedDevice(tokenHash) {
      const [row] = await db.select().from(trustedDevices).where(eq(trustedDevices.tokenHash, tokenHash)).limit(1);
      return row ?? null;
    },
    async touchTrustedDevice(id, at) {
      await db.update(trustedDevices).set({ lastUsedAt: at }).where(eq(trustedDevices.id, id));
    },
    listTrustedDevices(userId, now) {
      return db
        .select()
        .from(trustedDevices)
        .where(and(eq(trustedDevices.userId, userId), gt(trustedDevices.expiresAt, now)))
        .orderBy(desc(trustedDevices.createdAt), asc(trustedDevices.id));
    },
    async deleteTrustedDevice(userId, id) {
      const deleted = await db
        .delete(trustedDevices)
        .where(and(eq(trustedDevices.userId, userId), eq(trustedDevices.id, id)))
        .returning({ id: trustedDevices.id });
      return deleted.length === 1;
    },
    async deleteUserTrustedDevices(userId) {
      const deleted = await db.delete(trustedDevices).where(eq(trustedDevices.userId, userId)).returning({ id: trustedDevices.id });
      return deleted.length;
    },

    async createMfaChallenge(challenge) {
      await db.insert(mfaChallenges).values(challenge);
    },
    async findMfaChallenge(tokenHash) {
      const [row] = await db.select().from(mfaChallenges).where(eq(mfaChallenges.tokenHash, tokenHash)).limit(1);
      return row ?? null;
    },
    async setMfaChallengeChannel(id, channel) {
      await db.update(mfaChallenges).set({ channel }).where(eq(mfaChallenges.id, id));
    },
    async reserveMfaChallengeAttempt(id, max) {
      // One conditional statement: of concurrent guesses, only as many as tries are left get one.
      const [row] = await db
        .update(mfaChallenges)
        .set({ failedAttempts: sql`${mfaChallenges.failedAttempts} + 1` })
        .where(and(eq(mfaChallenges.id, id), isNull(mfaChallenges.usedAt), lt(mfaChallenges.failedAttempts, max)))
        .returning({ failedAttempts: mfaChallenges.failedAttempts });
      return row?.failedAttempts ?? null;
    },
    async deleteUserMfaChallenges(userId) {
      // One after the other: this runs inside a password reset's transaction.
      const challenges = await db.delete(mfaChallenges).where(eq(mfaChallenges.userId, userId)).returning({ id: mfaChallenges.id });
      const setups = await db.delete(mfaPendingSetups).where(eq(mfaPendingSetups.userId, userId)).returning({ userId: mfaPendingSetups.userId });
      return challenges.length + setups.length;
    },
    async consumeMfaChallenge(id, at) {
      const updated = await db
        .update(mfaChallenges)
        .set({ usedAt: at })
        .where(and(eq(mfaChallenges.id, id), isNull(mfaChallenges.usedAt)))
        .returning({ id: mfaChallenges.id });
      return updated.length === 1;
    },

    async createPasskey(passkey) {
      const inserted = await db.insert(passkeys).values(passkey).onConflictDoNothing({ target: passkeys.credentialId }).returning({ id: passkeys.id });
      return inserted.length === 1;
    },
    async listPasskeys(userId) {
      return hot ? hot.passkeys.execute({ userId }) : passkeysQuery(db, userId);
    },
    async findPasskeyByCredentialId(credentialId) {
      const [row] = await db.select().from(passkeys).where(eq(passkeys.credentialId, credentialId)).limit(1);
      return row ?? null;
    },
    async recordPasskeyUse(id, previousCounter, counter, backedUp, at) {
      const updated = await db
        .update(passkeys)
        .set({ counter, backedUp, lastUsedAt: at })
        .where(and(eq(passkeys.id, id), eq(passkeys.counter, previousCounter)))
        .returning({ id: passkeys.id });
      return updated.length === 1;
    },
    async renamePasskey(userId, id, name) {
      const updated = await db
        .update(passkeys)
        .set({ name })
        .where(and(eq(passkeys.userId, userId), eq(passkeys.id, id)))
        .returning({ id: passkeys.id });
      return updated.length === 1;
    },
    async deletePasskey(userId, id) {
      const [row] = await db
        .delete(passkeys)
        .where(and(eq(passkeys.userId, userId), eq(passkeys.id, id)))
        .returning();
      return row ?? null;
    },
    async createWebAuthnChallenge(challenge) {
      await db.insert(webauthnChallenges).values(challenge);
    },
    async takeWebAuthnChallenge(tokenHash, challenge) {
      const [row] = await db
        .delete(webauthnChallenges)
        .where(and(eq(webauthnChallenges.tokenHash, tokenHash), eq(webauthnChallenges.challenge, challenge)))
        .returning();
      return row ?? null;
    },
    async deleteWebAuthnChallengesExpiredBefore(now) {
      const deleted = await db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, now)).returning({ id: webauthnChallenges.id });
      return deleted.length;
    },

    async saveKnownBrowser(browser) {
      await db
        .insert(knownBrowsers)
        .values(browser)
        .onConflictDoUpdate({ target: knownBrowsers.tokenHash, set: { lastSignInAt: browser.lastSignInAt, expiresAt: browser.expiresAt } });
    },
    async findKnownBrowser(tokenHash) {
      const [row] = await db.select().from(knownBrowsers).where(eq(knownBrowsers.tokenHash, tokenHash)).limit(1);
      return row ?? null;
    },
    async deleteUserKnownBrowsers(userId) {
      const deleted = await db.delete(knownBrowsers).where(eq(knownBrowsers.userId, userId)).returning({ id: knownBrowsers.id });
      return deleted.length;
    },
    async deleteKnownBrowsersExpiredBefore(now) {
      const deleted = await db.delete(knownBrowsers).where(lt(knownBrowsers.expiresAt, now)).returning({ id: knownBrowsers.id });
      return deleted.length;
    },

    async enqueueMessage(message) {
      await db.insert(outboxMessages).values({ ...message, nextAttemptAt: message.createdAt });
    },
    async claimDueMessages(now, claimUntil, limit) {
      // A CTE, evaluated once: as an `IN (subquery … FOR UPDATE)` PostgreSQL re-runs the subquery per row and claims
      // every due message, not `limit` of them, leaving the rest claimed by a node that never sends them.
      const due = db.$with('due').as(
        db
          .select({ dueId: outboxMessages.id })
          .from(outboxMessages)
          .where(
            and(
              isNull(outboxMessages.finishedAt),
              lte(outboxMessages.nextAttemptAt, now),
              or(isNull(outboxMessages.claimedUntil), lte(outboxMessages.claimedUntil, now)),
            ),
          )
          .orderBy(asc(outboxMessages.id))
          .limit(limit)
          // Another node's claim in flight is skipped, not waited for: each message goes to one node.
          .for('update', { skipLocked: true }),
      );
      const claimed = await db
        .with(due)
        .update(outboxMessages)
        .set({ claimedUntil: claimUntil, attempts: sql`${outboxMessages.attempts} + 1` })
        .from(due)
        .where(eq(outboxMessages.id, due.dueId))
        .returning(getTableColumns(outboxMessages));
      return (claimed as ClaimedMessage[]).sort((a, b) => a.id - b.id);
    },
    async finishMessage(id, claimedUntil, outcome, at) {
      await db
        .update(outboxMessages)
        .set({ finishedAt: at, outcome, payload: null, claimedUntil: null })
        .where(and(eq(outboxMessages.id, id), eq(outboxMessages.claimedUntil, claimedUntil)));
    },
    async retryMessage(id, claimedUntil, nextAttemptAt, error) {
      await db
        .update(outboxMessages)
        .set({ nextAttemptAt, claimedUntil: null, lastError: error })
        .where(and(eq(outboxMessages.id, id), eq(outboxMessages.claimedUntil, claimedUntil)));
    },
    async releaseMessageClaims() {
      const released = await db
        .update(outboxMessages)
        .set({ claimedUntil: null })
        .where(and(isNull(outboxMessages.finishedAt), isNotNull(outboxMessages.claimedUntil)))
        .returning({ id: outboxMessages.id });
      return released.length;
    },
    async nextMessageDue() {
      const [row] = await db
        .select({ due: min(outboxMessages.nextAttemptAt) })
        .from(outboxMessages)
        .where(isNull(outboxMessages.finishedAt));
      return row?.due ?? null;
    },
    async deleteMessagesFinishedBefore(before) {
      const deleted = await db.delete(outboxMessages).where(lt(outboxMessages.finishedAt, before)).returning({ id: outboxMessages.id });
      return deleted.length;
    },

    async enqueueWebhooks(deliveries) {
      if (deliveries.length === 0) return;
      await db.insert(webhookDeliveries).values(deliveries.map((delivery) => ({ ...delivery, nextAttemptAt: delivery.createdAt })));
    },
    async claimDueWebhook(now, claimUntil) {
      // A CTE, evaluated once: as an `IN (subquery … FOR UPDATE)` PostgreSQL re-runs the subquery per row and claims
      // every due delivery, not one.
      const due = db.$with('due').as(
        db
          .select({ dueId: webhookDeliveries.id })
          .from(webhookDeliveries)
          .where(
            and(
              isNull(webhookDeliveries.finishedAt),
              lte(webhookDeliveries.nextAttemptAt, now),
              or(isNull(webhookDeliveries.claimedUntil), lte(webhookDeliveries.claimedUntil, now)),
            ),
          )
          .orderBy(asc(webhookDeliveries.id))
          .limit(1)
          // Another node's claim in flight is skipped, not waited for: each delivery goes to one node.
          .for('update', { skipLocked: true }),
      );
      const [claimed] = await db
        .with(due)
        .update(webhookDeliveries)
        .set({ claimedUntil: claimUntil, attempts: sql`${webhookDeliveries.attempts} + 1` })
        .from(due)
        .where(eq(webhookDeliveries.id, due.dueId))
        .returning(getTableColumns(webhookDeliveries));
      return (claimed as ClaimedWebhookDelivery | undefined) ?? null;
    },
    async addWebhookAttempt(attempt) {
      await db.insert(webhookAttempts).values(attempt);
    },
    async finishWebhook(id, claimedUntil, outcome, at, error) {
      await db
        .update(webhookDeliveries)
        .set({ finishedAt: at, outcome, claimedUntil: null, ...(error === null ? {} : { lastError: error }) })
        .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.claimedUntil, claimedUntil)));
    },
    async retryWebhook(id, claimedUntil, nextAttemptAt, error) {
      await db
        .update(webhookDeliveries)
        .set({ nextAttemptAt, claimedUntil: null, lastError: error })
        .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.claimedUntil, claimedUntil)));
    },
    async releaseWebhookClaims() {
      const released = await db
        .update(webhookDeliveries)
        .set({ claimedUntil: null })
        .where(and(isNull(webhookDeliveries.finishedAt), isNotNull(webhookDeliveries.claimedUntil)))
        .returning({ id: webhookDeliveries.id });
      return released.length;
    },
    async listWebhookDeliveries({ gaveUpOnly, limit }) {
      const tries = db
        .select({ deliveryId: webhookAttempts.deliveryId, total: count().as('total') })
        .from(webhookAttempts)
        .groupBy(webhookAttempts.deliveryId)
        .as('tries');
      const rows = await db
        .select({ delivery: webhookDeliveries, total: tries.total })
        .from(webhookDeliveries)
        .leftJoin(tries, eq(tries.deliveryId, webhookDeliveries.id))
        .where(gaveUpOnly ? eq(webhookDeliveries.outcome, 'gave_up') : undefined)
        .orderBy(desc(webhookDeliveries.id))
        .limit(limit);
      return rows.map((row): WebhookDeliveryListing => ({ ...(row.delivery as WebhookDeliveryListing), totalAttempts: Number(row.total ?? 0) }));
    },
    async listWebhookAttempts(deliveryId) {
      return db
        .select({
          deliveryId: webhookAttempts.deliveryId,
          attemptedAt: webhookAttempts.attemptedAt,
          status: webhookAttempts.status,
          error: webhookAttempts.error,
          durationMs: webhookAttempts.durationMs,
        })
        .from(webhookAttempts)
        .where(eq(webhookAttempts.deliveryId, deliveryId))
        .orderBy(asc(webhookAttempts.id));
    },
    async retryGivenUpWebhooks(target, now) {
      const retried = await db
        .update(webhookDeliveries)
        .set({ finishedAt: null, outcome: null, attempts: 0, nextAttemptAt: now, claimedUntil: null })
        .where(and(eq(webhookDeliveries.outcome, 'gave_up'), target === 'all' ? undefined : eq(webhookDeliveries.id, target.id)))
        .returning({ id: webhookDeliveries.id });
      return retried.length;
    },
    async deleteWebhooksFinishedBefore(outcome, before) {
      // Their tries go with them (on delete cascade).
      const deleted = await db
        .delete(webhookDeliveries)
        .where(and(eq(webhookDeliveries.outcome, outcome), lt(webhookDeliveries.finishedAt, before)))
        .returning({ id: webhookDeliveries.id });
      return deleted.length;
    },

    async deleteExpiredMfaRecords(now) {
      const [challenges, setups, devices] = await Promise.all([
        db.delete(mfaChallenges).where(lt(mfaChallenges.expiresAt, now)).returning({ id: mfaChallenges.id }),
        db.delete(mfaPendingSetups).where(lt(mfaPendingSetups.expiresAt, now)).returning({ userId: mfaPendingSetups.userId }),
        db.delete(trustedDevices).where(lt(trustedDevices.expiresAt, now)).returning({ id: trustedDevices.id }),
      ]);
      return challenges.length + setups.length + devices.length;
    },
  };
}
