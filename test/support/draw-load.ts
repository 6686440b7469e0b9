import { randomUUID } from "node:crypto";

/** One draw request as the load saw it. `status` 0: no answer (refused, reset or timed out). */
export interface DrawAnswer {
  uId: string;
  key: string | undefined;
  status: number;
  code?: string;
  result?: "WIN" | "LOSE";
  orderId?: string;
  takeId?: string;
  at: number;
}

export interface DrawLoadOptions {
  concurrency: number;
  /** Users drawn from at random. */
  users: number;
  /** Share of requests that carry an Idempotency-Key (0..1). */
  keyedShare: number;
  timeoutMs?: number;
}

/**
 * Draws against a running service from `concurrency` loops until stopped, recording every answer.
 * The base URL is read before each request, so a restarted service can take over.
 */
export class DrawLoad {
  readonly answers: DrawAnswer[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  private userPrefix = `load-${randomUUID().slice(0, 6)}`;

  constructor(
    private readonly baseUrl: () => string,
    private readonly activityId: number,
    private readonly options: DrawLoadOptions,
  ) {}

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.options.concurrency }, () => this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Sends one draw (also used to retry an idempotent one) and records its answer. */
  async draw(uId: string, key: string | undefined): Promise<DrawAnswer> {
    const answer: DrawAnswer = { uId, key, status: 0, at: Date.now() };
    try {
      const response = await fetch(`${this.baseUrl()}/api/v1/draws`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(key ? { "idempotency-key": key } : {}) },
        body: JSON.stringify({ uId, activityId: this.activityId }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      answer.status = response.status;
      const body = (await response.json().catch(() => ({}))) as { code?: string; result?: "WIN" | "LOSE"; orderId?: string; takeId?: string };
      Object.assign(answer, { code: body.code, result: body.result, orderId: body.orderId, takeId: body.takeId });
    } catch {
      answer.status = 0;
    }
    this.answers.push(answer);
    return answer;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const uId = `${this.userPrefix}-${Math.floor(Math.random() * this.options.users)}`;
      const key = Math.random() < this.options.keyedShare ? randomUUID() : undefined;
      const answer = await this.draw(uId, key);
      // A service that is down is not hammered: back off a little on no answer or a 503.
      if (answer.status === 0 || answer.status === 503) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Counts answers by "status code" (e.g. "200 WIN", "503 UNAVAILABLE", "0 no answer"). */
export function tally(answers: DrawAnswer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const label = a.status === 0 ? "0 no answer" : `${a.status} ${a.result ?? a.code ?? ""}`.trim();
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}
