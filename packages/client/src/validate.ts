import {
  AuthStep,
  BankIdCancelResponse,
  ChangePasswordResponse,
  DoneStep,
  EndOtherSessionsResponse,
  ErrorBody,
  LinkCustomerIdResponse,
  MfaStep,
  PersonalNumberInfo,
  PhoneCodeSent,
  PublicConfig,
  ReauthCodeSent,
  ReauthResponse,
  RecoveryCodes,
  SecurityOverview,
  SessionInfo,
  SignOutResponse,
  TotpSetup,
  UpdateProfileResponse,
} from '@portico/contract';
import type { AnswerValidator, Answers } from './client.ts';

/** What the validator needs of a contract schema (so this module needs no zod types of its own). */
interface Schema<Output> {
  safeParse(input: unknown): { success: true; data: Output } | { success: false };
}

const answerSchemas: { [Name in keyof Answers]: Schema<unknown> } = {
  AuthStep,
  BankIdCancelResponse,
  ChangePasswordResponse,
  DoneStep,
  EndOtherSessionsResponse,
  ErrorBody,
  LinkCustomerIdResponse,
  MfaStep,
  PersonalNumberInfo,
  PhoneCodeSent,
  PublicConfig,
  ReauthCodeSent,
  ReauthResponse,
  RecoveryCodes,
  SecurityOverview,
  SessionInfo,
  SignOutResponse,
  TotpSetup,
  UpdateProfileResponse,
};

/**
 * Checks every answer with the contract's zod schemas: `createPorticoClient({ validate: validateWithContract })`.
 * Its own entry point, so that importing the client alone does not bring zod into a page.
 */
export const validateWithContract: AnswerValidator = (schema, json) => answerSchemas[schema].safeParse(json).success;
