import type { Clock } from './clock.ts';
import type { PasswordHasher } from './password-hasher.ts';
import type { Random } from './random.ts';
import type { Store } from './store.ts';

export type { Clock } from './clock.ts';
export type { PasswordHasher } from './password-hasher.ts';
export type { Random } from './random.ts';
export * from './store.ts';

/** Everything `createApp` needs from the outside world. Later issues add mailer, SMS sender and BankID. */
export interface Ports {
  store: Store;
  passwordHasher: PasswordHasher;
  clock: Clock;
  random: Random;
}
