import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { maxSessionTokenTtlSeconds, type Policy, type PresetName } from '@portico/contract';
import type { TokenSettings, WebAuthnSettings } from './routes/app-env.ts';
import { getDomain } from 'tldts';
import { type CountryCode, isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { commaList, PolicyEnvironment, policyFromEnvironment } from './policy-environment.ts';
import { secretKeyBytes } from './ports/secret-key.ts';
import { isLoopbackUrl } from './loopback.ts';

/** Goes into mail headers and subjects, where a line break would start a new header. */
const singleLine = z
  .string()
  .trim()
  .min(1)
  // eslint-disable-next-line no-control-regex -- control characters are what this finds
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'must be one line without control characters');

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Every environment variable Portico reads. README.md's configuration table mirrors this list. */
const Environment = PolicyEnvironment.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORTICO_DATA_DIR: z.string().min(1).default('./.portico-data'),
  DATABASE_URL: z.string().min(1).optional(),
  PORTICO_MODE: z.enum(['development', 'production']).optional(),
  NODE_ENV: z.string().optional(),
  PORTICO_ADMIN_TOKEN: z.string().min(32, 'PORTICO_ADMIN_TOKEN must be at least 32 characters').optional(),
  /** Default by mode: `always` in production (TLS is expected in front), `auto` in development. */
  PORTICO_SECURE_COOKIES: z.enum(['auto', 'always']).optional(),
  PORTICO_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .refine(
      (list) => commaList(list).every(isExactOrigin),
      'PORTICO_ALLOWED_ORIGINS must list exact origins such as https://www.example.com (scheme, host, optional port; no path, no *)',
    ),
  PORTICO_FRAME_ANCESTORS: z
    .string()
    .default('')
    .refine(
      (list) => commaList(list).every(isExactOrigin),
      'PORTICO_FRAME_ANCESTORS must list exact origins such as https://www.example.com (scheme, host, optional port; no path, no *)',
    ),
  /** Development serves every mailed code and link at /api/dev/outbox: only on this machine unless said so. */
  PORTICO_DEV_ALLOW_REMOTE: z.enum(['true', 'false']).default('false'),
  PORTICO_COOKIE_DOMAIN: z
    .string()
    .regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'PORTICO_COOKIE_DOMAIN must be a domain such as example.com (no scheme, port or leading dot)')
    .optional(),
  PORTICO_TRUSTED_PROXIES: z.string().default(''),
  PORTICO_STATIC_DIR: z.string().optional(),
  SMTP_URL: z.string().min(1).refine(isSmtpUrl, 'SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465').optional(),
  PORTICO_MAIL_FROM: singleLine.default('Portico <no-reply@localhost>'),
  PORTICO_PRODUCT_NAME: singleLine.pipe(z.string().max(100)).default('Portico'),
  PORTICO_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** A domain such as example.com; default: the registrable domain of PORTICO_PUBLIC_URL's host. */
  PORTICO_WEBAUTHN_RP_ID: z
    .string()
    .regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)*$/i, 'PORTICO_WEBAUTHN_RP_ID must be a domain such as example.com (no scheme, port or path)')
    .optional(),
  PORTICO_WEBAUTHN_ORIGINS: z
    .string()
    .optional()
    .refine(
      (list) => list === undefined || commaList(list).every(isExactOrigin),
      'PORTICO_WEBAUTHN_ORIGINS must list exact origins such as https://www.example.com',
    ),
  /** Twilio's Messages API (or one speaking it): `https://ACCOUNT_SID:AUTH_TOKEN@api.twilio.com`. */
  SMS_URL: z
    .url({ protocol: /^https?$/ })
    .refine((value) => new URL(value).username !== '' && new URL(value).password !== '', 'SMS_URL must look like https://ACCOUNT_SID:AUTH_TOKEN@api.twilio.com')
    .optional(),
  PORTICO_SMS_FROM: singleLine.pipe(z.string().max(32)).optional(),
  /** ISO 3166 country (`SE`, `NL`) whose numbers may be typed without the +country code. */
  PORTICO_PHONE_COUNTRY: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'PORTICO_PHONE_COUNTRY must be a two-letter country code such as SE')
    .transform((value) => value.toUpperCase())
    .refine(isSupportedCountry, 'PORTICO_PHONE_COUNTRY must be a country with phone numbers, such as SE')
    .transform((value) => value)
    .optional(),
  /** 32 random bytes, base64 or base64url: seals authenticator-app secrets at rest. */
  PORTICO_SECRET_KEY: z
    .string()
    .trim()
    .transform((value, context) => {
      const bytes = decodeBase64(value);
      if (bytes?.length === secretKeyBytes) return bytes;
      context.addIssue({ code: 'custom', message: `PORTICO_SECRET_KEY must be ${secretKeyBytes} random bytes in base64 (openssl rand -base64 32)` });
      return z.NEVER;
    })
    .optional(),
  /** Lifetime of a session token (JWT) for host back ends. */
  PORTICO_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(maxSessionTokenTtlSeconds).default(300),
  PORTICO_TOKEN_AUDIENCE: singleLine.pipe(z.string().max(200)).optional(),
  /** Also hand the token to same-site host back ends as an HttpOnly cookie. */
  PORTICO_TOKEN_COOKIE: z.enum(['true', 'false']).default('false'),
  PORTICO_KEY_ROTATION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  PORTICO_ACTIVITY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /** Keys host back ends present to POST /api/sessions/validate: comma-separated, each at least 32 characters. */
  PORTICO_API_KEYS: z
    .string()
    .default('')
    .refine(
      (list) => commaList(list).every((key) => key.length >= 32 && !/\s/.test(key)),
      'PORTICO_API_KEYS must list keys of at least 32 characters, comma-separated (openssl rand -base64 32)',
    ),
  /** Host back ends that hear of changes: comma-separated `<url> <secret>` entries (see parseWebhooks). */
  PORTICO_WEBHOOKS: z
    .string()
    .default('')
    .transform((list, context) => {
      const parsed = parseWebhooks(list);
      if (typeof parsed !== 'string') return parsed;
      context.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }),
  /** BankID's RP API, e.g. `https://appapi2.test.bankid.com/rp/v6.0/`; in development the local test server without it. */
  BANKID_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The relying party's certificate and key (PKCS#12, .pfx / .p12) for mutual TLS with BankID. */
  BANKID_PFX: z.string().min(1).optional(),
  BANKID_PASSPHRASE: z.string().optional(),
  /** BankID's CA certificate (PEM) that its servers' certificates are checked against. */
  BANKID_CA: z.string().min(1).optional(),
});

function decodeBase64(value: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return null;
  return new Uint8Array(Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

/** Bytes a Standard Webhooks secret (`whsec_<base64>`) holds: at least 24, at most 64. */
const webhookSecretBytes = { min: 24, max: 64 };

/**
 * PORTICO_WEBHOOKS: comma-separated entries, each an http(s) URL and its Standard Webhooks secret separated by
 * whitespace (`https://portal.example.com/hooks whsec_…, https://crm.example.com/in whsec_…`). Returns the endpoints,
 * or what is wrong (naming the entry by its number and URL, never its secret).
 */
export function parseWebhooks(list: string): { url: string; secret: string }[] | string {
  const endpoints: { url: string; secret: string }[] = [];
  const entries = list.split(',').map((entry) => entry.trim());
  if (entries.length === 1 && entries[0] === '') return endpoints;
  for (const [index, entry] of entries.entries()) {
    const parts = entry.split(/\s+/).filter((part) => part !== '');
    const which = `PORTICO_WEBHOOKS entry ${index + 1}`;
    if (parts.length !== 2) {
      return `${which} must be "<url> <secret>" (the endpoint's URL, whitespace, its secret whsec_…); entries are separated by commas`;
    }
    const [address = '', secret = ''] = parts;
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      return `${which} (${address.slice(0, 200)}) is not a URL`;
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') {
      return `${which} (${url.origin}) must be an http or https URL`;
    }
    if (url.username !== '' || url.password !== '') return `${which} must not carry credentials in its URL: the secret signs every request`;
    const key = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret)?.[1];
    const bytes = key !== undefined && key.length % 4 === 0 ? Buffer.from(key, 'base64').length : 0;
    if (bytes < webhookSecretBytes.min || bytes > webhookSecretBytes.max) {
      return `${which} (${url.href}) needs a secret of the form whsec_<base64 of ${webhookSecretBytes.min}–${webhookSecretBytes.max} random bytes> (e.g. whsec_$(openssl rand -base64 32))`;
    }
    if (endpoints.some((endpoint) => endpoint.url === url.href)) return `${which} (${url.href}) is listed twice`;
    endpoints.push({ url: url.href, secret });
  }
  return endpoints;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  mode: 'development' | 'production';
  adminToken: string | undefined;
  secureCookies: 'auto' | 'always';
  allowedOrigins: string[];
  /** Origins whose pages may frame Portico's own pages (PORTICO_FRAME_ANCESTORS); empty: nobody may. */
  frameAncestors: string[];
  /** Development only: listen on an address other machines can reach, outbox and all (PORTICO_DEV_ALLOW_REMOTE). */
  devAllowRemote: boolean;
  /** Domain attribute of Portico's cookies; null keeps them host-only. */
  cookieDomain: string | null;
  trustedProxies: string[];
  /**
   * Folder served beside the API (PORTICO_STATIC_DIR). Undefined: the built demo in development; in production only
   * the element bundles a host embeds.
   */
  staticDir: string | undefined;
  preset: PresetName;
  policy: Policy;
  /** Deliver mail through this SMTP server; undefined stores it in the dev outbox instead. */
  smtpUrl: string | undefined;
  /** Sender of every mail. */
  mailFrom: string;
  /** The product named in mails. */
  productName: string;
  /** Where mailed links lead; null only in development (the server's own origin). */
  publicUrl: string | null;
  /** Send SMS through this Twilio-compatible API; undefined stores texts in the dev outbox instead. */
  smsUrl: string | undefined;
  /** Sender of every SMS (required with SMS_URL). */
  smsFrom: string | undefined;
  /** Country whose numbers may be typed in national form; undefined requires +country code. */
  phoneCountry: CountryCode | undefined;
  /** Seals authenticator-app secrets in the database; undefined stores them unsealed. */
  secretKey: Uint8Array | undefined;
  /** Where webhooks go, each with its signing secret (PORTICO_WEBHOOKS); empty: no events are written. */
  webhooks: { url: string; secret: string }[];
  /** Passkeys' relying party ID and origins. */
  webauthn: WebAuthnSettings;
  bankid: BankIdConfig;
  /** Session tokens: lifetime, audience, cookie, key rotation (the issuer is worked out where the server listens). */
  tokens: Omit<TokenSettings, 'issuer'>;
  /** Keys for the instant validation endpoint. */
  apiKeys: string[];
  /** PORTICO_ACTIVITY_RETENTION_DAYS: how long the activity log keeps an entry. */
  activityRetentionDays: number;
}

/** Where BankID's RP API is. */
export interface BankIdConfig {
  /** The API's base URL; null: the local BankID test server mounted on this server (development only). */
  url: string | null;
  /** Absolute path of the relying party's PKCS#12 file (required with an https URL). */
  pfxPath: string | undefined;
  /** Its passphrase. Never printed. */
  passphrase: string | undefined;
  /** Absolute path of BankID's CA certificate, PEM (required with an https URL). */
  caPath: string | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  const mode = e.PORTICO_MODE ?? (e.NODE_ENV === 'production' ? 'production' : 'development');
  if (mode === 'production' && !e.PORTICO_PUBLIC_URL) {
    throw new ConfigError(
      'PORTICO_PUBLIC_URL is required in production: the address of the page with <portico-auth> that mailed links ' +
        'lead to (e.g. https://www.example.com/login). It is never guessed from request headers, which can be forged.',
    );
  }
  const secureCookies = e.PORTICO_SECURE_COOKIES ?? (mode === 'production' ? 'always' : 'auto');
  if (mode === 'production') crossOriginRules({ ...e, PORTICO_SECURE_COOKIES: secureCookies });
  if (e.SMS_URL && !e.PORTICO_SMS_FROM) {
    throw new ConfigError('PORTICO_SMS_FROM is required with SMS_URL: the sender number, ID or messaging service SID.');
  }
  const policy = policyFromEnvironment(e);
  if (mode === 'production') deliveryRules(e, policy);
  if (mode === 'production') {
    // A signed event still tells whoever reads it on the way who signed in and changed what.
    const insecure = e.PORTICO_WEBHOOKS.filter((endpoint) => {
      const url = new URL(endpoint.url);
      return url.protocol !== 'https:' && !isLoopbackUrl(url);
    });
    if (insecure.length > 0) {
      throw new ConfigError(
        `PORTICO_WEBHOOKS must be https in production (this machine's addresses excepted): ${insecure.map((endpoint) => endpoint.url).join(', ')}`,
      );
    }
  }
  const bankid = bankIdConfig(e, mode, policy.bankid);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.PORTICO_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    mode,
    adminToken: e.PORTICO_ADMIN_TOKEN,
    secureCookies,
    allowedOrigins: commaList(e.PORTICO_ALLOWED_ORIGINS),
    frameAncestors: commaList(e.PORTICO_FRAME_ANCESTORS),
    devAllowRemote: e.PORTICO_DEV_ALLOW_REMOTE === 'true',
    cookieDomain: e.PORTICO_COOKIE_DOMAIN?.toLowerCase() ?? null,
    trustedProxies: commaList(e.PORTICO_TRUSTED_PROXIES),
    staticDir: e.PORTICO_STATIC_DIR === undefined ? undefined : resolve(e.PORTICO_STATIC_DIR),
    preset: e.PORTICO_PRESET,
    policy,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.PORTICO_MAIL_FROM,
    productName: e.PORTICO_PRODUCT_NAME,
    publicUrl: e.PORTICO_PUBLIC_URL ?? null,
    smsUrl: e.SMS_URL,
    smsFrom: e.PORTICO_SMS_FROM,
    phoneCountry: e.PORTICO_PHONE_COUNTRY,
    secretKey: e.PORTICO_SECRET_KEY,
    webhooks: e.PORTICO_WEBHOOKS,
    webauthn: webauthnSettings(e),
    bankid,
    tokens: {
      ttlSeconds: e.PORTICO_TOKEN_TTL_SECONDS,
      audience: e.PORTICO_TOKEN_AUDIENCE ?? null,
      cookie: e.PORTICO_TOKEN_COOKIE === 'true',
      rotationDays: e.PORTICO_KEY_ROTATION_DAYS,
    },
    apiKeys: commaList(e.PORTICO_API_KEYS),
    activityRetentionDays: e.PORTICO_ACTIVITY_RETENTION_DAYS,
  };
}

/**
 * The relying party: PORTICO_WEBAUTHN_RP_ID, or the registrable domain of the public URL's host (`www.example.com` →
 * `example.com`, so pages on the site's other hosts can use the same passkeys); none in development without a public
 * URL (each request's host). Origins: PORTICO_WEBAUTHN_ORIGINS, or the public URL's and the allowed origins.
 */
function webauthnSettings(e: z.infer<typeof Environment>): WebAuthnSettings {
  const publicHost = e.PORTICO_PUBLIC_URL ? new URL(e.PORTICO_PUBLIC_URL).hostname : null;
  const rpId = e.PORTICO_WEBAUTHN_RP_ID?.toLowerCase() ?? (publicHost === null ? null : (getDomain(publicHost, { allowPrivateDomains: true }) ?? publicHost));
  const origins =
    e.PORTICO_WEBAUTHN_ORIGINS !== undefined
      ? commaList(e.PORTICO_WEBAUTHN_ORIGINS)
      : [...(e.PORTICO_PUBLIC_URL ? [new URL(e.PORTICO_PUBLIC_URL).origin] : []), ...commaList(e.PORTICO_ALLOWED_ORIGINS)];
  // A browser refuses a ceremony whose RP ID is neither its page's host nor a parent domain of it: say so at start,
  // not at the first sign-in. (Other origins are allowed: browsers ask the RP ID's /.well-known/webauthn about them.)
  if (rpId !== null && publicHost !== null && publicHost !== rpId && !publicHost.endsWith(`.${rpId}`)) {
    throw new ConfigError(`PORTICO_WEBAUTHN_RP_ID (${rpId}) must be the host of PORTICO_PUBLIC_URL (${publicHost}) or a parent domain of it.`);
  }
  return { rpId, origins: [...new Set(origins)] };
}

function bankIdConfig(e: z.infer<typeof Environment>, mode: Config['mode'], enabled: boolean): BankIdConfig {
  const files = {
    pfxPath: e.BANKID_PFX === undefined ? undefined : resolve(e.BANKID_PFX),
    passphrase: e.BANKID_PASSPHRASE,
    caPath: e.BANKID_CA === undefined ? undefined : resolve(e.BANKID_CA),
  };
  if (!e.BANKID_URL) {
    if (mode === 'production' && enabled) {
      throw new ConfigError(
        "BANKID_URL is required in production when BankID sign-in is on: BankID's RP API, https://appapi2.bankid.com/rp/v6.0/ " +
          "(or https://appapi2.test.bankid.com/rp/v6.0/ for BankID's test environment), with BANKID_PFX, BANKID_PASSPHRASE and BANKID_CA.",
      );
    }
    return { url: null, ...files };
  }
  const url = new URL(e.BANKID_URL);
  if (url.protocol === 'http:') {
    if (mode === 'production') throw new ConfigError('BANKID_URL must be https in production: BankID is reached over mutual TLS.');
    if (!isLoopbackUrl(url)) {
      throw new ConfigError('BANKID_URL may be plain http only on this machine (a local BankID test server); BankID itself is https.');
    }
  } else if (!files.pfxPath || !files.caPath) {
    throw new ConfigError(
      "BANKID_PFX and BANKID_CA are required with an https BANKID_URL: the relying party's certificate (PKCS#12, with " +
        "BANKID_PASSPHRASE) that BankID knows Portico by, and BankID's CA certificate (PEM) its servers are checked against.",
    );
  }
  return { url: url.href.endsWith('/') ? url.href : `${url.href}/`, ...files };
}

/**
 * Production rules for the same-site, other-origin deployment. A cookie for a whole domain goes to every subdomain,
 * so it must never travel in clear: with PORTICO_COOKIE_DOMAIN, Secure is required outright (behind a TLS proxy the
 * server itself sees http, and `auto` would leave it off). The domain must be the site of the page mailed links lead
 * to, or browsers drop the cookie and nobody can sign in. Allowed origins must be https (a page served in clear could
 * be altered on the way to make signed-in calls), except this machine's.
 */
function crossOriginRules(e: {
  PORTICO_COOKIE_DOMAIN?: string | undefined;
  PORTICO_SECURE_COOKIES: string;
  PORTICO_PUBLIC_URL?: string | undefined;
  PORTICO_ALLOWED_ORIGINS: string;
  PORTICO_FRAME_ANCESTORS: string;
}): void {
  const domain = e.PORTICO_COOKIE_DOMAIN?.toLowerCase();
  if (domain !== undefined) {
    if (e.PORTICO_SECURE_COOKIES !== 'always') {
      throw new ConfigError(
        'PORTICO_COOKIE_DOMAIN needs PORTICO_SECURE_COOKIES=always in production: a cookie for the whole domain must never be sent over plain HTTP.',
      );
    }
    const host = e.PORTICO_PUBLIC_URL ? new URL(e.PORTICO_PUBLIC_URL).hostname : '';
    if (host !== domain && !host.endsWith(`.${domain}`)) {
      throw new ConfigError(`PORTICO_COOKIE_DOMAIN (${domain}) must be the domain of PORTICO_PUBLIC_URL (${host}) or a parent of it.`);
    }
  }
  // A page served in clear could be altered on the way: to make signed-in calls (allowed origins), or to frame
  // Portico's pages under a fake overlay (frame ancestors).
  for (const name of ['PORTICO_ALLOWED_ORIGINS', 'PORTICO_FRAME_ANCESTORS'] as const) {
    const insecure = commaList(e[name]).filter((origin) => {
      const url = new URL(origin);
      return url.protocol !== 'https:' && !isLoopbackUrl(url);
    });
    if (insecure.length > 0) {
      throw new ConfigError(`${name} must be https in production (this machine's addresses excepted): ${insecure.join(', ')}`);
    }
  }
}

/**
 * Production keeps no secret it could not protect: authenticator secrets are sealed (on PostgreSQL only
 * PORTICO_SECRET_KEY can do that; PGlite has its data folder's key), and codes and links are delivered rather than
 * kept in the dev outbox table, where anyone reading the database could use them.
 */
function deliveryRules(
  e: { DATABASE_URL?: string | undefined; PORTICO_SECRET_KEY?: Uint8Array | undefined; SMTP_URL?: string | undefined; SMS_URL?: string | undefined },
  policy: Policy,
): void {
  if (e.DATABASE_URL && !e.PORTICO_SECRET_KEY) {
    throw new ConfigError(
      'PORTICO_SECRET_KEY is required in production with DATABASE_URL: 32 random bytes in base64 (openssl rand -base64 32), ' +
        'the same on every node. It seals authenticator-app secrets, so a copy of the database alone cannot compute codes. ' +
        'Secrets stored before it was set are sealed by npm run portico -- secrets seal.',
    );
  }
  if (!e.SMTP_URL) {
    throw new ConfigError(
      'SMTP_URL is required in production: without it, mail (sign-up codes, password-reset links) is not delivered but ' +
        "kept in the database's dev outbox, where live codes and links are readable by anyone with the database.",
    );
  }
  if (policy.mfa.methods.includes('sms') && !e.SMS_URL) {
    throw new ConfigError(
      'SMS_URL is required in production when sms is a second factor (PORTICO_MFA_METHODS or the preset): without it, ' +
        "texted codes are not sent but kept in the database's dev outbox. Set SMS_URL and PORTICO_SMS_FROM, or leave " +
        'sms out of PORTICO_MFA_METHODS.',
    );
  }
}

/**
 * A development server lists every mailed code and reset link at GET /api/dev/outbox, to anyone who can reach it:
 * it listens only on this machine unless PORTICO_DEV_ALLOW_REMOTE=true says that exposure is meant. The CLI reads
 * the same environment but listens nowhere, so only the server checks this.
 */
export function checkListenAddress(config: Pick<Config, 'mode' | 'host' | 'devAllowRemote'>): void {
  if (config.mode !== 'development' || config.devAllowRemote || isLoopbackHost(config.host)) return;
  throw new ConfigError(
    `HOST=${config.host} would let other machines reach this development server, which serves every mailed code and ` +
      'password-reset link at /api/dev/outbox (and creates a demo user). Listen on 127.0.0.1 (the default), run with ' +
      'PORTICO_MODE=production, or set PORTICO_DEV_ALLOW_REMOTE=true if you mean to share it on a network you trust.',
  );
}

/** `localhost`, 127.0.0.0/8 and ::1: addresses no other machine can connect to. */
function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(bare);
  return false;
}

/**
 * `https://www.example.com` or `http://localhost:5173`: what a browser sends as Origin, nothing more. Host names of
 * letters, digits, dots and hyphens only (or a bracketed IPv6 address): URL would also take `*` (a wildcard in a CSP
 * source) or `;` (which would end a CSP directive).
 */
function isExactOrigin(value: string): boolean {
  if (!/^https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}
