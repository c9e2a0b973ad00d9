import type { UserRecord } from '../../ports/store.ts';
import type { ActivityLog } from '../activity-log.ts';
import type { SecuritySettings } from '../mfa/security-settings.ts';
import type { SignedInSession } from '../session-service.ts';
import type { FlowError } from '../password-flows.ts';
import type { PersonalNumbers } from './personal-numbers.ts';

/**
 * The personnummer under My details, as a signed-in user changes it: BankID signs in with it, so adding, changing or
 * removing it needs a recent sign-in (as a factor change does) and goes into the activity log.
 */
export class PersonalNumberSettings {
  constructor(
    private readonly numbers: PersonalNumbers,
    private readonly security: SecuritySettings,
    private readonly activity: ActivityLog,
  ) {}

  /** Sets the number typed (10 or 12 digits), or with null removes it; `reauth_required` without a recent sign-in. */
  async change(signedIn: SignedInSession, personalNumber: string | null): Promise<{ user: UserRecord } | FlowError> {
    const refused = await this.security.requireFresh(signedIn);
    if (refused) return refused;
    const { user } = signedIn;
    const result = personalNumber === null ? await this.numbers.remove(user) : await this.numbers.set(user, personalNumber);
    if ('error' in result) return result;
    const change = personalNumber === null ? 'removed' : user.personalNumberHash !== null ? 'changed' : 'added';
    await this.activity.recordAlone('personal_number.changed', { subjectUserId: user.id, detail: { change } });
    return result;
  }
}
