/**
 * The environment's secret key (PORTICO_SECRET_KEY, or the one kept in a PGlite data folder): 32 random bytes, an
 * AES-256 key. Its size is part of the port between what supplies the key (configuration, the data folder) and what
 * seals with it (SecretBox), so neither reaches into the other for it.
 */
export const secretKeyBytes = 32;
