import type { CampaignGrants } from "../../../src/application/campaign/campaign-grants.port";
import { systemClock, type Clock } from "../../../src/application/ports/clock.port";
import type { DrawOrder } from "../../../src/domain/award/draw-order.entity";
import type { CampaignChunk } from "../../../src/domain/campaign/campaign.repository";
import type { InMemoryCampaignRepository } from "./in-memory-campaign-repository";

interface Task {
  chunk: Omit<CampaignChunk, "attempt">;
  status: "WAIT_HANDLE" | "PROCESSING" | "SUCCESS" | "FAILED";
  attempts: number;
  reason?: string;
  nextRunAt: number;
  /** When the claim was made or last renewed, by the fake's clock (the database's in the adapter). */
  renewedAt?: number;
}

/**
 * CampaignGrants in memory, with the adapter's rules (test/contract/campaign-grants.contract.ts
 * runs against both): claims by status, only of RUNNING campaigns, leases renewed or lost by
 * `clock`, writes fenced by attempt, orders keyed. Given the campaign repository fake, it takes
 * the chunks its `start` wrote and their recipients by hash range, as the adapter reads both from
 * the same tables; without it, chunks come from `addChunk` and every chunk has `recipients`.
 * A campaign is done once all its chunks ran and each of its orders is sent (the fake does not
 * follow grants, which the adapter also waits for).
 */
export class InMemoryCampaignGrants implements CampaignGrants {
  readonly tasks: Task[] = [];
  readonly orders = new Map<string, { order: DrawOrder; sent: boolean }>();
  recipients: string[] = [];
  /** When set, the write number `failWriteAt` (1-based) throws. */
  failWriteAt: number | undefined;
  private writes = 0;
  private readonly finished = new Set<number>();
  private readonly imported = new Set<number>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly campaigns?: InMemoryCampaignRepository,
  ) {}

  addChunk(campaignId: number, index: number, range: { from: number; to: number } = { from: 0, to: 2 ** 32 }): void {
    this.tasks.push({ chunk: { taskId: BigInt(this.tasks.length + 1), campaignId, index, ...range }, status: "WAIT_HANDLE", attempts: 0, nextRunAt: this.now() });
  }

  async claimChunks(limit: number): Promise<CampaignChunk[]> {
    if (limit <= 0) return [];
    await this.importStarted();
    const due: Task[] = [];
    for (const t of this.tasks) {
      if (due.length >= limit) break;
      if (t.status === "WAIT_HANDLE" && t.nextRunAt <= this.now() && (await this.isRunning(t.chunk.campaignId))) due.push(t);
    }
    return due.map((t) => {
      t.status = "PROCESSING";
      t.attempts++;
      t.renewedAt = this.now();
      return { ...t.chunk, attempt: t.attempts };
    });
  }

  async releaseStale(leaseMs: number): Promise<number> {
    const before = this.now() - leaseMs;
    const stale = this.tasks.filter((t) => t.status === "PROCESSING" && (t.renewedAt ?? 0) < before);
    for (const task of stale) task.status = "WAIT_HANDLE";
    return stale.length;
  }

  /** Another worker takes the chunk over (this one looked dead). */
  takeOver(taskId: bigint): void {
    this.taskOf(taskId).attempts++;
  }

  async renew(chunk: CampaignChunk): Promise<boolean> {
    if (!this.holds(chunk)) return false;
    this.taskOf(chunk.taskId).renewedAt = this.now();
    return true;
  }

  async recipientsOf(chunk: CampaignChunk): Promise<string[]> {
    return this.campaigns ? this.campaigns.recipientsIn(chunk.campaignId, chunk.from, chunk.to) : this.recipients;
  }

  async writeOrders(chunk: CampaignChunk, grants: ReadonlyArray<{ order: DrawOrder; key: string }>): Promise<number | "LOST_CLAIM"> {
    this.writes++;
    if (this.writes === this.failWriteAt) throw new Error("database away");
    if (!(await this.renew(chunk))) return "LOST_CLAIM";
    let added = 0;
    for (const { order, key } of grants) {
      if (this.orders.has(key)) continue;
      this.orders.set(key, { order, sent: false });
      added++;
    }
    return added;
  }

  async unsent(_chunk: CampaignChunk, keys: readonly string[]): Promise<DrawOrder[]> {
    return keys.flatMap((key) => {
      const stored = this.orders.get(key);
      return stored && !stored.sent ? [stored.order] : [];
    });
  }

  markSent(orderIds: readonly bigint[]): void {
    const ids = new Set(orderIds);
    for (const stored of this.orders.values()) if (ids.has(stored.order.orderId)) stored.sent = true;
  }

  async complete(chunk: CampaignChunk): Promise<boolean> {
    if (!this.holds(chunk)) return false;
    this.taskOf(chunk.taskId).status = "SUCCESS";
    return true;
  }

  async fail(chunk: CampaignChunk, reason: string, delayMs: number, giveUp: boolean): Promise<boolean> {
    if (!this.holds(chunk)) return false;
    const task = this.taskOf(chunk.taskId);
    task.status = giveUp ? "FAILED" : "WAIT_HANDLE";
    task.reason = reason.slice(0, 4000);
    task.nextRunAt = this.now() + Math.max(0, delayMs);
    return true;
  }

  async finishDone(): Promise<number[]> {
    await this.importStarted();
    const campaignIds = [...new Set(this.tasks.map((t) => t.chunk.campaignId))];
    const done: number[] = [];
    for (const id of campaignIds) {
      if (this.finished.has(id) || !(await this.isRunning(id))) continue;
      const ran = this.tasks.filter((t) => t.chunk.campaignId === id).every((t) => t.status === "SUCCESS" || t.status === "FAILED");
      const orders = [...this.orders.values()].filter((o) => o.order.campaignId === id);
      if (ran && orders.every((o) => o.sent)) done.push(id);
    }
    for (const id of done) {
      this.finished.add(id);
      await this.campaigns?.compareAndSetState(id, "RUNNING", "DONE");
    }
    return done;
  }

  private holds(chunk: CampaignChunk): boolean {
    const task = this.taskOf(chunk.taskId);
    return task.status === "PROCESSING" && task.attempts === chunk.attempt;
  }

  private taskOf(taskId: bigint): Task {
    const task = this.tasks.find((t) => t.chunk.taskId === taskId);
    if (!task) throw new Error(`no task ${taskId}`);
    return task;
  }

  /** The chunk tasks the campaign fake's `start` wrote, as the adapter finds them in compensate_task. */
  private async importStarted(): Promise<void> {
    if (!this.campaigns) return;
    for (const { campaign } of (await this.campaigns.list(1, Number.MAX_SAFE_INTEGER)).items) {
      if (this.imported.has(campaign.campaignId)) continue;
      const chunks = this.campaigns.chunksOf(campaign.campaignId);
      if (chunks.length === 0) continue;
      this.imported.add(campaign.campaignId);
      chunks.forEach((range, i) => this.addChunk(campaign.campaignId, i + 1, range));
    }
  }

  private async isRunning(campaignId: number): Promise<boolean> {
    if (!this.campaigns) return true;
    return (await this.campaigns.find(campaignId))?.campaign.state === "RUNNING";
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
