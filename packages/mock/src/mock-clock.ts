import type { Clock } from '@portico/server/ports';

/** The mock's time: running like a wall clock, but from wherever it was set, and movable at will. */
export interface MockClock extends Clock {
  now(): Date;
  /** From now on, time runs on from `date`. */
  set(date: Date): void;
  /** Moves time forward (or, negative, back) by this many seconds: expires sessions, codes and rate-limit windows. */
  advance(seconds: number): void;
}

/**
 * A clock that keeps running in real time (an open page ages as it would against the server: the BankID QR code
 * animates, sessions idle out) but is offset from the machine's: set to `start`, moved by `advance`.
 */
export function createMockClock(start?: Date): MockClock {
  let offset = start ? start.getTime() - Date.now() : 0;
  return {
    now: () => new Date(Date.now() + offset),
    set(date) {
      offset = date.getTime() - Date.now();
    },
    advance(seconds) {
      offset += seconds * 1000;
    },
  };
}
