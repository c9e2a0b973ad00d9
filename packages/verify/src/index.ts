export { createVerifier, type Verifier, type VerifierOptions } from './verifier.ts';
export { PorticoTokenError, isPorticoTokenError, porticoTokenErrorCodes, type PorticoTokenErrorCode } from './errors.ts';
export type { SessionTokenClaims } from '@portico/contract';
