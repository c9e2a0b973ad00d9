import type { AccountRole } from '@portico/contract';
import './en/sign-in-flows.ts';
import './en/sign-in-steps.ts';
import type { Localizer } from './localize-controller.ts';

/** A role's name as a user reads it ("Owner", "Ägare"). */
export function roleName(t: Localizer, role: AccountRole): string {
  switch (role) {
    case 'owner':
      return t.msg('roleOwner');
    case 'admin':
      return t.msg('roleAdmin');
    case 'member':
      return t.msg('roleMember');
  }
}
