/**
 * The server's one clock. Domain code asks it for the time instead of calling `new Date()`, so tests can
 * move time with `vi.setSystemTime` and every comparison uses the same instant within a request.
 */
export function now(): Date {
  return new Date();
}

/** The one stored form of a time: ISO 8601 UTC with milliseconds. */
export function toTimestamp(date: Date): string {
  return date.toISOString();
}

export function addMs(date: Date, ms: number): Date {
  return new Date(date.getTime() + ms);
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
