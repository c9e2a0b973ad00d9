import type { SignInService } from '../services/sign-in-service.ts';
import type { SessionService } from '../services/session-service.ts';
import type { UserService } from '../services/user-service.ts';
import type { SecureCookies } from './middleware/session-cookie.ts';

export interface Services {
  sessions: SessionService;
  signIn: SignInService;
  users: UserService;
}

/** How the app is deployed, as opposed to the flow rules in Policy. */
export interface AppSettings {
  /** Bearer tokens accepted by the admin API (from PORTICO_ADMIN_TOKEN, and the running server's own for the CLI). */
  adminTokens: readonly string[];
  /** 'auto' sets Secure and the `__Host-` prefix when the request came over HTTPS; 'always' behind a TLS proxy. */
  secureCookies: SecureCookies;
  /** Origins besides the API's own that may make state-changing requests. */
  allowedOrigins: readonly string[];
  /** Peer addresses of reverse proxies whose X-Forwarded-For is believed. */
  trustedProxies: readonly string[];
}

/** Hono environment: the runtime passes the peer address as a binding (Node's socket, or a test's choice). */
export interface AppEnv {
  Bindings: { remoteAddress?: string };
  /** `clientAddress`: the client's address after trusted proxies, for per-IP limits. */
  Variables: { clientAddress: string };
}
