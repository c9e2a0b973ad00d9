import { apiPaths, type Policy, type PresetName, type PublicConfig } from '@portico/contract';
import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';

/** What the components need of the policy to render forms; the server still enforces every rule itself. */
export function configRoutes(policy: Policy, preset: PresetName | null, tokenCookie: boolean): Hono<AppEnv> {
  const body: PublicConfig = {
    preset,
    passwords: policy.passwords,
    signUp: policy.signUp,
    codeLength: 6,
    customerIdLogin: policy.customerIdLogin,
    defaultLocale: policy.defaultLocale,
    bankid: policy.bankid,
    passkeys: policy.passkeys.signIn,
    tokenCookie,
  };
  return new Hono<AppEnv>().get(apiPaths.config, (c) => c.json(body));
}
