import * as contract from '@portico/contract';
import type { AnswerValidator, Answers } from './client.ts';

/** What the validator needs of a contract schema (so this module needs no zod types of its own). */
interface Schema<Output> {
  safeParse(input: unknown): { success: true; data: Output } | { success: false };
}

/**
 * The contract's schema for each answer the client names (`Answers`): the contract exports each under that name, and
 * the compiler checks that every one is there and is a schema.
 */
const answerSchemas: { readonly [Name in keyof Answers]: Schema<unknown> } = contract;

/**
 * Checks every answer with the contract's zod schemas: `createPorticoClient({ validate: validateWithContract })`.
 * Its own entry point, so that importing the client alone does not bring zod into a page.
 */
export const validateWithContract: AnswerValidator = (schema, json) => answerSchemas[schema].safeParse(json).success;
