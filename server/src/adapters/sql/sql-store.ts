import { and, asc, count, desc, eq, gte, inArray, isNull, like, lt, min, ne, or, type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import {
  EmailTakenError,
  type SessionRecord,
  type Store,
  type UserRecord,
  type VerificationRecord,
} from '../../ports/store.ts';
import { devOutbox, rateLimitEvents, type schema, sessions, users, verifications } from './schema.ts';

export type PorticoDatabase = PgDatabase<PgQueryResultHKT, typeof schema>;

const uniqueViolation = '23505';

function isUniqueViolation(error: unknown): boolean {
  // node-postgres puts the SQLSTATE on the error, PGlite too; Drizzle may wrap either in `cause`.
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === uniqueViolation) return true;
  }
  return false;
}

/** The Store port over Drizzle; the same code serves PGlite and PostgreSQL. */
export function createSqlStore(db: PorticoDatabase, close: () => Promise<void>): Store {
  return {
    close,

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
      const [row] = await db
        .select()
        .from(users)
        .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
        .limit(1);
      return row ?? null;
    },
    async findUserById(id) {
      const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
      return row ?? null;
    },
    listUsers() {
      return db.select().from(users).orderBy(asc(users.createdAt), asc(users.email));
    },

    async updatePassword(userId, passwordHash, emailVerifiedAt) {
      await db
        .update(users)
        .set(emailVerifiedAt ? { passwordHash, emailVerifiedAt } : { passwordHash })
        .where(eq(users.id, userId));
    },
    async updateName(userId, name) {
      const [row] = await db.update(users).set({ name }).where(eq(users.id, userId)).returning();
      return row ?? null;
    },

    async createSession(session) {
      await db.insert(sessions).values(session);
    },
    async findSession(id) {
      const [row] = await db.select().from(sessions).where(eq(sessions.id, id)).limit(1);
      return (row as SessionRecord | undefined) ?? null;
    },
    async findSessionWithUser(id) {
      const [row] = await db
        .select({ session: sessions, user: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(eq(sessions.id, id))
        .limit(1);
      return row ?? null;
    },
    async touchSession(id, lastSeenAt) {
      await db.update(sessions).set({ lastSeenAt }).where(eq(sessions.id, id));
    },
    async deleteSession(id) {
      await db.delete(sessions).where(eq(sessions.id, id));
    },
    async deleteUserSessions(userId, exceptId) {
      const deleted = await db
        .delete(sessions)
        .where(exceptId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptId)) : eq(sessions.userId, userId))
        .returning({ id: sessions.id });
      return deleted.length;
    },
    async deleteExpiredSessions(now, idleCutoff) {
      const deleted = await db
        .delete(sessions)
        .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleCutoff)))
        .returning({ id: sessions.id });
      return deleted.length;
    },

    async recordEvent(key, at) {
      await db.insert(rateLimitEvents).values({ key, at });
    },
    async countEventsSince(keys, since) {
      const rows = await db
        .select({ key: rateLimitEvents.key, count: count(), oldest: min(rateLimitEvents.at) })
        .from(rateLimitEvents)
        .where(and(inArray(rateLimitEvents.key, [...keys]), gte(rateLimitEvents.at, since)))
        .groupBy(rateLimitEvents.key);
      return new Map(rows.flatMap((r) => (r.oldest ? [[r.key, { count: r.count, oldest: r.oldest }] as const] : [])));
    },
    async clearEvents(key) {
      await db.delete(rateLimitEvents).where(eq(rateLimitEvents.key, key));
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
      return (row as VerificationRecord | undefined) ?? null;
    },
    async findVerificationBySecretHash(secretHash) {
      const [row] = await db.select().from(verifications).where(eq(verifications.secretHash, secretHash)).limit(1);
      return (row as VerificationRecord | undefined) ?? null;
    },
    async addVerificationAttempt(id) {
      // One statement, so concurrent wrong guesses each count.
      const [row] = await db
        .update(verifications)
        .set({ attempts: sql`${verifications.attempts} + 1` })
        .where(and(eq(verifications.id, id), isNull(verifications.consumedAt)))
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
      const deleted = await db
        .delete(verifications)
        .where(lt(verifications.expiresAt, before))
        .returning({ id: verifications.id });
      return deleted.length;
    },
  };
}
