import { resolve } from 'node:path';
import { defaultPolicy, type Policy } from '@portico/contract';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

/** Every environment variable Portico reads. README.md's configuration table mirrors this list. */
const Environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORTICO_DATA_DIR: z.string().min(1).default('./.portico-data'),
  DATABASE_URL: z.string().min(1).optional(),
  PORTICO_MODE: z.enum(['development', 'production']).optional(),
  NODE_ENV: z.string().optional(),
  PORTICO_ADMIN_TOKEN: z.string().min(32, 'PORTICO_ADMIN_TOKEN must be at least 32 characters').optional(),
  PORTICO_SECURE_COOKIES: z.enum(['auto', 'always']).default('auto'),
  PORTICO_ALLOWED_ORIGINS: z.string().default(''),
  PORTICO_TRUSTED_PROXIES: z.string().default(''),
  PORTICO_STATIC_DIR: z.string().optional(),
  PORTICO_SESSION_IDLE_MINUTES: positiveInt.optional(),
  PORTICO_SESSION_MAX_HOURS: positiveInt.optional(),
  PORTICO_SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).optional(),
  PORTICO_SIGNIN_MAX_FAILURES: positiveInt.optional(),
  PORTICO_SIGNIN_WINDOW_MINUTES: positiveInt.optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  mode: 'development' | 'production';
  adminToken: string | undefined;
  secureCookies: 'auto' | 'always';
  allowedOrigins: string[];
  trustedProxies: string[];
  /** Folder of the built demo to serve beside the API; undefined serves the API alone. */
  staticDir: string | undefined;
  policy: Policy;
}

export class ConfigError extends Error {}

const list = (value: string) => value.split(',').map((item) => item.trim()).filter(Boolean);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  const mode = e.PORTICO_MODE ?? (e.NODE_ENV === 'production' ? 'production' : 'development');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.PORTICO_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    mode,
    adminToken: e.PORTICO_ADMIN_TOKEN,
    secureCookies: e.PORTICO_SECURE_COOKIES,
    allowedOrigins: list(e.PORTICO_ALLOWED_ORIGINS),
    trustedProxies: list(e.PORTICO_TRUSTED_PROXIES),
    staticDir: e.PORTICO_STATIC_DIR === undefined ? undefined : resolve(e.PORTICO_STATIC_DIR),
    policy: {
      session: {
        idleTimeoutSeconds: (e.PORTICO_SESSION_IDLE_MINUTES ?? defaultPolicy.session.idleTimeoutSeconds / 60) * 60,
        absoluteTimeoutSeconds:
          (e.PORTICO_SESSION_MAX_HOURS ?? defaultPolicy.session.absoluteTimeoutSeconds / 3600) * 3600,
        cacheSeconds: e.PORTICO_SESSION_CACHE_SECONDS ?? defaultPolicy.session.cacheSeconds,
      },
      signInLimits: {
        maxFailures: e.PORTICO_SIGNIN_MAX_FAILURES ?? defaultPolicy.signInLimits.maxFailures,
        windowSeconds: (e.PORTICO_SIGNIN_WINDOW_MINUTES ?? defaultPolicy.signInLimits.windowSeconds / 60) * 60,
      },
    },
  };
}
