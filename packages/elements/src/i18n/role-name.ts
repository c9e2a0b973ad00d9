import type { AccountRole } from '@portico/contract';
import './en/sign-in-flows.ts';
import { msg } from './msg.ts';

/** A role's name as a user reads it ("Owner", "Ägare"). */
export function roleName(role: AccountRole): string {
  switch (role) {
    case 'owner':
      return msg('roleOwner');
    case 'admin':
      return msg('roleAdmin');
    case 'member':
      return msg('roleMember');
  }
}
