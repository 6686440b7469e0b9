// The delivery bench run's clock and log: when it started, its global deadline (TIMEOUT_S), and
// the units its lines are written in.
import { TIMEOUT_S } from "./delivery-settings";

export const startedAt = Date.now();
const deadline = startedAt + TIMEOUT_S * 1000;

class BenchTimeout extends Error {}

export function checkDeadline(what: string): void {
  if (Date.now() > deadline) throw new BenchTimeout(`global timeout of ${TIMEOUT_S} s reached during ${what}`);
}

export const log = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};
export const seconds = (ms: number): number => Math.round(ms) / 1000;
export const rate = (count: number, ms: number): number => (ms > 0 ? Math.round((count * 1000) / ms) : 0);
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
