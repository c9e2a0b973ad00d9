/**
 * Size limits shared by server validation and the UI's input attributes, so both refuse the same things.
 */
export const limits = {
  /** RFC 5321 caps a forward path at 256 octets including the angle brackets; 254 is the usable address. */
  emailMaxLength: 254,
  /** Old customer IDs and e-mails share the identifier field. */
  identifierMaxLength: 254,
  passwordMinLength: 8,
  /** Generous enough for passphrases and password managers, small enough to keep hashing cheap to call. */
  passwordMaxLength: 256,
  nameMaxLength: 200,
  /** Any request body above this is refused before parsing. */
  bodyMaxBytes: 16 * 1024,
} as const;
