import type { Clock } from '../../src/ports/clock.ts';

/** A clock tests move by hand, to expire sessions and rate-limit windows without waiting. */
export class TestClock implements Clock {
  private current: number;
  constructor(start = '2026-03-01T09:00:00.000Z') {
    this.current = Date.parse(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(seconds: number): void {
    this.current += seconds * 1000;
  }
}
