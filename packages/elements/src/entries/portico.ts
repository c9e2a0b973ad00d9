import { autoload } from '../shared/autoload.ts';

/**
 * The script-tag bundle (`dist/portico.js`): registers every Portico element. Safe to load twice, as two
 * micro-frontends on one page would: a tag that is taken already is skipped.
 *
 * `<portico-auth>`, every sign-in flow and the building blocks come in the file itself. The elements of signed-in
 * pages (`<portico-profile>` and its sections, `<portico-mfa-setup>`, `<portico-bankid>`) are registered from a chunk
 * beside it, loaded the moment one of their tags appears in the document (or `<portico-auth>` reaches a step that
 * needs it), so a sign-in page never downloads them. A host that renders those tags inside its own shadow roots,
 * where the document's observer cannot see them, calls `accountElements.load()` first.
 */
export * from '../sign-in-elements.ts';

export const accountElements = autoload(
  [
    'portico-profile',
    'portico-change-password',
    'portico-customer-accounts',
    'portico-account-members',
    'portico-sessions',
    'portico-activity',
    'portico-personal-number',
    'portico-security',
    'portico-recovery-codes',
    'portico-mfa-setup',
    'portico-bankid',
  ],
  () => import('../account-elements.ts'),
);
