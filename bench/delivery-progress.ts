// How far a delivery bench phase has come: its orders' grant and send states, polled every second
// until the phase is done, and the steady rate read from those samples.
import type { Client } from "pg";
import { checkDeadline, log, rate, seconds, sleep } from "./delivery-run";

export interface Progress {
  granted: number;
  failed: number;
  sent: number;
}

export async function progressOf(db: Client, base: bigint, count: number): Promise<Progress> {
  const { rows } = await db.query<{ granted: string; failed: string; sent: string }>(
    `SELECT count(*) FILTER (WHERE grant_state = 1) AS granted, count(*) FILTER (WHERE grant_state = 2) AS failed,
            count(*) FILTER (WHERE mq_state = 1) AS sent
     FROM user_strategy_export WHERE order_id BETWEEN $1::bigint AND $1::bigint + $2::bigint - 1`,
    [base.toString(), count],
  );
  return { granted: Number(rows[0].granted), failed: Number(rows[0].failed), sent: Number(rows[0].sent) };
}

export interface Sample {
  ms: number;
  granted: number;
  sent: number;
}

/**
 * Polls every second until `done` holds, printing progress on stderr. Stops with an error when
 * the global deadline passes, when nothing moved for `stallS` seconds, or when grants failed for good.
 */
export async function waitUntil(
  db: Client,
  what: string,
  base: bigint,
  count: number,
  since: number,
  stallS: number,
  done: (p: Progress) => boolean,
  onSample?: (p: Progress, ms: number) => void,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  let lastMove = Date.now();
  let last = -1;
  for (;;) {
    const p = await progressOf(db, base, count);
    const ms = Date.now() - since;
    samples.push({ ms, granted: p.granted, sent: p.sent });
    onSample?.(p, ms);
    const moved = p.granted + p.sent;
    if (moved !== last) {
      last = moved;
      lastMove = Date.now();
    }
    const previous = samples.length > 1 ? samples[samples.length - 2] : undefined;
    const instant = previous ? rate(p.granted - previous.granted, ms - previous.ms) : 0;
    log(`${what}: ${seconds(ms).toFixed(1)} s, sent ${p.sent}/${count}, granted ${p.granted}/${count} (${instant}/s now), failed ${p.failed}`);
    if (done(p)) return samples;
    if (p.failed > 0 && p.granted + p.failed >= count) throw new Error(`${what}: ${p.failed} grants failed for good (grant_state 2)`);
    if (Date.now() - lastMove > stallS * 1000) throw new Error(`${what}: no progress for ${stallS} s (granted ${p.granted}/${count})`);
    checkDeadline(what);
    await sleep(1000);
  }
}

/** Deliveries/s between the samples that first reach 10% and 90% of `count`: the steady rate, without start-up and tail. */
export function steadyRate(samples: Sample[], count: number): number | null {
  const from = samples.find((s) => s.granted >= count * 0.1);
  const to = samples.find((s) => s.granted >= count * 0.9);
  if (!from || !to || to.ms <= from.ms) return null;
  return rate(to.granted - from.granted, to.ms - from.ms);
}
