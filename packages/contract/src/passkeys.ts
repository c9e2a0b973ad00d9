import { z } from './zod.ts';
import { limits } from './limits.ts';

/**
 * Passkeys and security keys (WebAuthn). The server runs the ceremonies; the browser's `navigator.credentials`
 * answers them. Options and responses travel in WebAuthn's JSON form (`PublicKeyCredential.toJSON()`, base64url
 * binary), as the browser's own `parse…OptionsFromJSON` and SimpleWebAuthn read and write it. Every challenge is
 * single-use, expires within minutes, and belongs to the browser that asked for it (an HttpOnly cookie names it).
 */

/** Binary data as base64url without padding, up to `max` characters. */
const base64Url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/);

/** A credential id: authenticators make them at most 1023 bytes. */
const CredentialId = base64Url(1366);

/** Transports as browsers name them (`usb`, `nfc`, `ble`, `hybrid`, `internal`, …); unknown names are kept, not refused. */
const Transports = z.array(z.string().max(32)).max(8);

const CredentialDescriptor = z.looseObject({ id: CredentialId, type: z.literal('public-key'), transports: Transports.optional() });

/** What `navigator.credentials.get` is called with (`PublicKeyCredentialRequestOptionsJSON`). */
export const PasskeyRequestOptions = z.looseObject({
  challenge: base64Url(128),
  rpId: z.string().optional(),
  timeout: z.number().int().positive().optional(),
  allowCredentials: z.array(CredentialDescriptor).optional(),
  userVerification: z.enum(['required', 'preferred', 'discouraged']).optional(),
});
export type PasskeyRequestOptions = z.infer<typeof PasskeyRequestOptions>;

/** What `navigator.credentials.create` is called with (`PublicKeyCredentialCreationOptionsJSON`). */
export const PasskeyCreationOptions = z.looseObject({
  challenge: base64Url(128),
  rp: z.looseObject({ name: z.string(), id: z.string().optional() }),
  user: z.looseObject({ id: base64Url(128), name: z.string(), displayName: z.string() }),
  pubKeyCredParams: z.array(z.looseObject({ alg: z.number().int(), type: z.literal('public-key') })).min(1),
  timeout: z.number().int().positive().optional(),
  excludeCredentials: z.array(CredentialDescriptor).optional(),
  authenticatorSelection: z
    .looseObject({
      residentKey: z.enum(['required', 'preferred', 'discouraged']).optional(),
      userVerification: z.enum(['required', 'preferred', 'discouraged']).optional(),
    })
    .optional(),
  attestation: z.string().optional(),
});
export type PasskeyCreationOptions = z.infer<typeof PasskeyCreationOptions>;

/** `POST /api/auth/passkey/options` and `/api/auth/mfa/passkey/options`: a challenge for `navigator.credentials.get`. */
export const PasskeyRequestOptionsResponse = z.object({ options: PasskeyRequestOptions });
export type PasskeyRequestOptionsResponse = z.infer<typeof PasskeyRequestOptionsResponse>;

/** `POST /api/account/passkeys/options`: a challenge for `navigator.credentials.create`. */
export const PasskeyCreationOptionsResponse = z.object({ options: PasskeyCreationOptions });
export type PasskeyCreationOptionsResponse = z.infer<typeof PasskeyCreationOptionsResponse>;

const clientExtensionResults = z.record(z.string(), z.unknown()).default({});

/** What `navigator.credentials.get` gave (`AuthenticationResponseJSON`). */
export const PasskeyAssertion = z.object({
  id: CredentialId,
  rawId: CredentialId,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64Url(4096),
    authenticatorData: base64Url(4096),
    signature: base64Url(1024),
    userHandle: base64Url(128).optional(),
  }),
  clientExtensionResults,
  authenticatorAttachment: z.string().max(32).optional(),
});
export type PasskeyAssertion = z.input<typeof PasskeyAssertion>;

/** What `navigator.credentials.create` gave (`RegistrationResponseJSON`). */
export const PasskeyAttestation = z.object({
  id: CredentialId,
  rawId: CredentialId,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64Url(4096),
    attestationObject: base64Url(12 * 1024),
    transports: Transports.optional(),
    authenticatorData: base64Url(8192).optional(),
    publicKey: base64Url(2048).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
  }),
  clientExtensionResults,
  authenticatorAttachment: z.string().max(32).optional(),
});
export type PasskeyAttestation = z.input<typeof PasskeyAttestation>;

/** A passkey's name as the user gives it; blank names are refused. */
export const PasskeyName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^\P{Cc}*$/u, 'must not contain control characters');

/** `POST /api/account/passkeys`: the new credential (re-authentication required); `name` defaults to the browser's name. */
export const AddPasskeyRequest = z.object({ credential: PasskeyAttestation, name: PasskeyName.optional() });
export type AddPasskeyRequest = z.input<typeof AddPasskeyRequest>;

export const RenamePasskeyRequest = z.object({ id: z.string().min(1).max(limits.identifierMaxLength), name: PasskeyName });
export type RenamePasskeyRequest = z.input<typeof RenamePasskeyRequest>;

export const RemovePasskeyRequest = z.object({ id: z.string().min(1).max(limits.identifierMaxLength) });
export type RemovePasskeyRequest = z.input<typeof RemovePasskeyRequest>;

/** A passkey or security key of the user, as "My details" lists it. */
export const Passkey = z.object({
  id: z.string(),
  name: z.string(),
  /**
   * `multi_device`: synced by a password manager or platform account to the user's other devices (a passkey);
   * `single_device`: bound to one authenticator (a security key, or a passkey kept on one device).
   */
  deviceType: z.enum(['single_device', 'multi_device']),
  /** The authenticator says the credential is backed up (synced) now. */
  backedUp: z.boolean(),
  createdAt: z.iso.datetime(),
  /** Null until first used to sign in. */
  lastUsedAt: z.iso.datetime().nullable(),
});
export type Passkey = z.infer<typeof Passkey>;

/** `GET /.well-known/webauthn`: origins outside the relying party's domain that may use its passkeys (Related Origin Requests). */
export const WebAuthnRelatedOrigins = z.object({ origins: z.array(z.string()) });
export type WebAuthnRelatedOrigins = z.infer<typeof WebAuthnRelatedOrigins>;
