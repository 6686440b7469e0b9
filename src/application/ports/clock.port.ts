/** The one clock of the application, injectable so time-dependent rules can be tested. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
