import { type AuthMethod, SessionTokenClaims } from '@portico/contract';
import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../../ports/clock.ts';
import type { Random } from '../../ports/random.ts';
import type { SessionRecord, Store, UserRecord } from '../../ports/store.ts';
import type { CustomerAccounts } from '../customer-accounts.ts';
import type { SessionService } from '../session-service.ts';
import { toBase64Url } from '../tokens.ts';
import type { SigningKeys } from './signing-keys.ts';

export interface SessionTokenOptions {
  /** Lifetime of a token (PORTICO_TOKEN_TTL_SECONDS). */
  ttlSeconds: number;
  /** `aud` (PORTICO_TOKEN_AUDIENCE); null: the issuer. */
  audience: string | null;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/**
 * Short-lived signed tokens (JWT, ES256) that tell a host's back end who is signed in, in which customer account,
 * and how they proved it, without asking Portico. They are minted from the session as it stands when asked for: a
 * switched account, a renewed session or a changed name shows in the next token; an old one lives until its `exp`.
 * Hosts that must see an ending at once (payments, admin actions) ask `validate`.
 */
export class SessionTokens {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly keys: SigningKeys,
    private readonly sessions: SessionService,
    private readonly accounts: CustomerAccounts,
    private readonly options: SessionTokenOptions,
  ) {}

  /** A token for the session, signed with the active key, issued by `issuer` (the public URL). */
  async issue(session: SessionRecord, user: UserRecord, issuer: string): Promise<IssuedToken> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const claims = await this.claims(session, user, issuer, {
      iat: now,
      exp: now + this.options.ttlSeconds,
      jti: toBase64Url(this.random.bytes(16)),
    });
    const { kid, privateKey } = await this.keys.signingKey();
    const { iss, sub, aud, iat, exp, jti, ...rest } = claims;
    const token = await new SignJWT(rest)
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setIssuer(iss)
      .setSubject(sub)
      .setAudience(aud)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(jti)
      .sign(privateKey);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /**
   * The claims as they stand now, if `token` is a genuine token of ours, unexpired, and its session is still live
   * (not signed out, not ended by a password change or reset or by an administrator); null otherwise. The key must
   * still be published: a revoked key's tokens are refused here at once.
   */
  async validate(token: string, issuer: string): Promise<SessionTokenClaims | null> {
    const keySet = createLocalJWKSet({ keys: await this.keys.published() });
    let presented: SessionTokenClaims;
    try {
      const { payload } = await jwtVerify(token, keySet, {
        algorithms: ['ES256'],
        issuer,
        audience: this.options.audience ?? issuer,
        currentDate: this.clock.now(),
      });
      presented = SessionTokenClaims.parse(payload);
    } catch {
      return null;
    }
    const found = await this.store.findSessionByPublicId(presented.sid);
    if (!found || !this.sessions.isLive(found.session) || found.user.id !== presented.sub) return null;
    return this.claims(found.session, found.user, issuer, { iat: presented.iat, exp: presented.exp, jti: presented.jti });
  }

  private async claims(
    session: SessionRecord,
    user: UserRecord,
    issuer: string,
    times: Pick<SessionTokenClaims, 'iat' | 'exp' | 'jti'>,
  ): Promise<SessionTokenClaims> {
    const { activeAccount, accounts } = await this.accounts.ofSession(session);
    const authTime = session.reauthenticatedAt ?? session.createdAt;
    return {
      iss: issuer,
      aud: this.options.audience ?? issuer,
      sub: user.id,
      sid: session.publicId,
      ...times,
      auth_time: Math.floor(authTime.getTime() / 1000),
      amr: [...session.authMethods] satisfies AuthMethod[],
      email: user.email,
      email_verified: user.emailVerifiedAt !== null,
      name: user.name,
      locale: user.locale,
      acct: activeAccount?.customerId ?? null,
      accounts,
    };
  }
}
