import { accountEn } from './en/account.ts';
import { bankidEn } from './en/bankid.ts';
import { commonEn } from './en/common.ts';
import { mfaSetupEn } from './en/mfa-setup.ts';
import { signInFlowsEn } from './en/sign-in-flows.ts';
import { signInStepsEn } from './en/sign-in-steps.ts';

/**
 * The whole English catalogue: every string a user can see or hear. Keys name the meaning, not the place, so a
 * catalogue for another language (typed `Catalogue`) can be checked for completeness by the compiler. `{name}` is a
 * parameter.
 *
 * It is kept in parts (`en/`), one per group of elements, and each element imports the parts it speaks: a page
 * downloads only the texts of the elements it has. Importing this module loads every part.
 */
export const en = { ...commonEn, ...signInFlowsEn, ...signInStepsEn, ...mfaSetupEn, ...bankidEn, ...accountEn } as const;
