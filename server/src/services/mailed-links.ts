import type { AuthStep, Locale, SignInStep } from '@portico/contract';
import { type AccountInvitations, accountLinkPurposes } from './account-invitations.ts';
import type { UserRecord } from '../ports/store.ts';
import type { Requester } from './limits/budgets.ts';
import { type CustomerIdLogins, customerIdLinkPurposes } from './customer-id-logins.ts';
import { type FlowError, linkFailure, type PasswordFlows } from './password-flows.ts';
import { linkPurposes, type SignUpFlows } from './sign-up-flows.ts';
import type { VerificationService } from './verification-service.ts';

/**
 * The one door for mailed links (`#portico-link=<token>`) and sign-up tickets: what a link leads to, and choosing a
 * password through it. The purpose stored with the token decides; the client only says "this token".
 */
export class MailedLinks {
  constructor(
    private readonly verifications: VerificationService,
    private readonly passwordFlows: PasswordFlows,
    private readonly signUpFlows: SignUpFlows,
    private readonly customerIdLogins: CustomerIdLogins,
    private readonly accountInvitations: AccountInvitations,
  ) {}

  async inspect(token: string): Promise<AuthStep | FlowError> {
    const inspected = await this.verifications.inspectLink([...linkPurposes, ...customerIdLinkPurposes, ...accountLinkPurposes], token);
    if (!inspected.ok) return linkFailure(inspected.reason);
    const { purpose, email } = inspected.record;
    if ((purpose === 'invitation' || purpose === 'email_confirmation') && !(await this.signUpFlows.invitationOpen(inspected.record.userId))) {
      return { error: 'invalid_link' };
    }
    switch (purpose) {
      case 'password_reset':
        return { step: 'set_password', purpose: 'password_reset', email, token };
      case 'sign_up':
      case 'sign_up_ticket':
        return { step: 'set_password', purpose: 'sign_up', email, token };
      case 'invitation':
        return { step: 'enter_email', token };
      case 'email_confirmation':
        return { step: 'set_password', purpose: 'invitation', email, token };
      case 'customer_id_reset':
      case 'customer_id_registration':
      case 'customer_id_link':
        return this.customerIdLogins.inspect(inspected.record, token);
      case 'account_onboarding':
      case 'account_invitation':
        return this.accountInvitations.inspect(inspected.record, token);
      default:
        return { error: 'invalid_link' };
    }
  }

  /**
   * Sets the credentials a `set_credentials` step is for, whichever link led there: a customer ID moving to an e-mail
   * login, an order's onboarding, or a colleague's invitation.
   */
  async setCredentials(token: string, password: string, name: string | undefined, requester: Requester, locale?: Locale): Promise<SignInStep | FlowError> {
    const inspected = await this.verifications.inspectLink([...customerIdLinkPurposes, ...accountLinkPurposes], token);
    if (!inspected.ok) return linkFailure(inspected.reason);
    if ((accountLinkPurposes as readonly string[]).includes(inspected.record.purpose))
      return this.accountInvitations.setCredentials(token, password, name, requester, locale);
    return this.customerIdLogins.setCredentials(token, password, requester, locale);
  }

  /**
   * Chooses the password the link is for. A checked sign-up code signs the new user in at once (licensing portal); the other
   * links end on the sign-in form with a confirmation (order onboarding, customer-ID migration, welcome-mail invitation). `locale` is the language of the page the
   * password was chosen on: the user's from now on.
   */
  async setPassword(token: string, password: string, locale?: Locale): Promise<SignInStep | { signedIn: UserRecord } | FlowError> {
    const inspected = await this.verifications.inspectLink([...linkPurposes, 'customer_id_reset'], token);
    if (!inspected.ok) return linkFailure(inspected.reason);
    switch (inspected.record.purpose) {
      case 'customer_id_reset':
        return this.customerIdLogins.setPasswordWithLink(token, password);
      case 'password_reset':
        return this.passwordFlows.setPasswordWithLink(token, password, locale);
      case 'sign_up_ticket': {
        const created = await this.signUpFlows.complete('sign_up_ticket', token, password, locale);
        return 'error' in created ? created : { signedIn: created.user };
      }
      case 'sign_up': {
        const created = await this.signUpFlows.complete('sign_up', token, password, locale);
        return 'error' in created ? created : { step: 'sign_in', notice: 'registered', identifier: created.user.email };
      }
      case 'email_confirmation': {
        const done = await this.signUpFlows.completeInvitation(token, password, locale);
        return 'error' in done ? done : { step: 'sign_in', notice: 'password_set', identifier: done.user.email };
      }
      default:
        // An invitation link needs the e-mail address first (enter_email), never a password directly.
        return { error: 'invalid_link' };
    }
  }
}
