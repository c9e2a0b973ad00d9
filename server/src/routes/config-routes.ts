import type { PublicConfig } from '@portico/contract';
import { Hono } from 'hono';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { endpointRoutes } from './endpoint-route.ts';

/** What the components need of the policy to render forms (the server still enforces every rule itself); health. */
export function configRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const route = endpointRoutes(routes, services, settings);
  const { policy } = services;
  const body: PublicConfig = {
    preset: settings.preset,
    passwords: policy.passwords,
    signUp: policy.signUp,
    codeLength: 6,
    customerIdLogin: policy.customerIdLogin,
    defaultLocale: policy.defaultLocale,
    bankid: policy.bankid,
    passkeys: policy.passkeys.signIn,
    tokenCookie: settings.tokens.cookie,
  };
  route('config', () => body);
  route('health', () => ({ ok: true }) as const);
  return routes;
}
