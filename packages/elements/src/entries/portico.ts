import { autoload } from '../shared/autoload.ts';

/**
 * The script-tag bundle (`dist/portico.js`): registers every Portico element. Safe to load twice, as two
 * micro-frontends on one page would: a tag that is taken already is skipped.
 *
 * `<portico-auth>` with its sign-in form and the building blocks come in the file itself: what shows before anything
 * else. Each later step's element is a chunk beside it that `<portico-auth>` loads when the step comes (and fetches
 * once the page is idle, where the policy can lead to it). The elements of signed-in pages (`<portico-profile>` and
 * its sections, `<portico-mfa-setup>`, `<portico-bankid>`) are registered from a chunk too, loaded the moment one of
 * their tags appears in the document (or `<portico-auth>` reaches a step that needs it), so a sign-in page never
 * downloads them; so are the step elements for a page that uses one on its own. A host that renders those tags inside
 * its own shadow roots, where the document's observer cannot see them, calls `accountElements.load()` (or
 * `signInSteps.load()`) first.
 */
export * from '../sign-in-elements.ts';

/** The elements of `<portico-auth>`'s later steps, for pages that show one on its own (see `sign-in-steps.ts`). */
export const signInSteps = autoload(
  [
    'portico-account-picker',
    'portico-code-input',
    'portico-forgot-password',
    'portico-mfa',
    'portico-new-password',
    'portico-register-email',
    'portico-set-credentials',
    'portico-set-password',
    'portico-signup',
  ],
  () => import('../sign-in-steps.ts'),
);

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
