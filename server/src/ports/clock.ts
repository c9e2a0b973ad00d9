/** The current time. A port so tests can move time forward to expire sessions and rate-limit windows. */
export interface Clock {
  now(): Date;
}
