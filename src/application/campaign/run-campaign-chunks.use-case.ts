import { DrawOrder } from "../../domain/award/draw-order.entity";
import { invoiceOf } from "../../domain/award/invoice.message";
import type { Campaign } from "../../domain/campaign/campaign.entity";
import type { CampaignChunk, CampaignRepository } from "../../domain/campaign/campaign.repository";
import type { SendOutcomeRecorder } from "../draw/invoice-dispatcher";
import type { Clock } from "../ports/clock.port";
import type { IdGenerator } from "../ports/id-generator.port";
import type { InvoicePublisher } from "../ports/invoice-publisher.port";
import type { Logger } from "../ports/logger.port";
import type { CampaignGrants } from "./campaign-grants.port";

export interface CampaignRunnerSettings {
  /** Chunks one worker process runs at once. */
  concurrency: number;
  /** A chunk whose claim is not renewed for this long is taken over by another worker. */
  leaseMs: number;
  /** A chunk failing its attempt number `maxAttempts` is given up (FAILED), with its reason. */
  maxAttempts: number;
  /** Wait before a failed chunk runs again, times its attempts. */
  retryDelayMs: number;
  /** Orders per statement and invoices per Kafka request. */
  writeBatch: number;
  /** One run stops claiming new chunks after this long, so the job stays responsive to shutdown. */
  runForMs: number;
}

export interface CampaignRunSummary {
  chunks: number;
  ordered: number;
  sent: number;
  failedChunks: number;
}

/** The claim of a chunk was taken over (this worker looked dead): it stops without writing more. */
class LostClaim extends Error {}

/**
 * The campaign runner (seeds/000's chunked push): any worker claims chunks of RUNNING campaigns,
 * writes each recipient's grants as orders (exactly once: keyed by campaign, n and uId), and sends
 * their invoices through the same topic, consumer and distributors as won prizes. A chunk's claim
 * is renewed while it runs and fences every write, so a worker that died is taken over after the
 * lease and one that only looked dead writes nothing more. Orders written but not sent (a crash in
 * between) are sent by the chunk's next run, or by the invoice scanner.
 */
export class RunCampaignChunksUseCase {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly grants: CampaignGrants,
    private readonly publisher: InvoicePublisher,
    private readonly sendOutcomes: SendOutcomeRecorder,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly settings: CampaignRunnerSettings,
    private readonly log: Logger,
  ) {}

  async execute(): Promise<CampaignRunSummary> {
    const summary: CampaignRunSummary = { chunks: 0, ordered: 0, sent: 0, failedChunks: 0 };
    const released = await this.grants.releaseStale(this.settings.leaseMs);
    if (released > 0) this.log.warn({ released, leaseMs: this.settings.leaseMs }, "campaign chunks of a worker that stopped taken over");
    const until = this.clock.now().getTime() + this.settings.runForMs;
    const campaigns = new Map<number, Promise<Campaign | undefined>>();
    while (this.clock.now().getTime() < until) {
      const chunks = await this.grants.claimChunks(this.settings.concurrency);
      if (chunks.length === 0) break;
      const failedBefore = summary.failedChunks;
      await Promise.all(chunks.map((chunk) => this.runOne(chunk, campaigns, summary)));
      // A failure is most often a dependency away: the next run tries again, after the chunk's delay.
      if (summary.failedChunks > failedBefore) break;
    }
    if (summary.chunks > 0) this.log.info({ ...summary }, "campaign chunks run");
    for (const campaignId of await this.grants.finishDone()) this.log.info({ campaignId }, "campaign done: every grant ordered, and granted or failed");
    return summary;
  }

  private async runOne(chunk: CampaignChunk, campaigns: Map<number, Promise<Campaign | undefined>>, summary: CampaignRunSummary): Promise<void> {
    if (!campaigns.has(chunk.campaignId)) campaigns.set(chunk.campaignId, this.campaigns.find(chunk.campaignId).then((view) => view?.campaign));
    const fields = { campaignId: chunk.campaignId, chunk: chunk.index, attempt: chunk.attempt };
    const renewal = setInterval(() => void this.grants.renew(chunk).catch(() => undefined), Math.max(100, this.settings.leaseMs / 3));
    try {
      const campaign = await campaigns.get(chunk.campaignId);
      if (!campaign) throw new Error(`campaign ${chunk.campaignId} of chunk ${chunk.index} does not exist`);
      const { ordered, sent } = await this.run(chunk, campaign);
      summary.chunks++;
      summary.ordered += ordered;
      summary.sent += sent;
      if (!(await this.grants.complete(chunk))) this.log.warn(fields, "campaign chunk finished after its claim was taken over");
    } catch (error) {
      if (error instanceof LostClaim) {
        this.log.warn(fields, "campaign chunk claim taken over by another worker; stopped");
        return;
      }
      summary.failedChunks++;
      const reason = (error as Error).message;
      const giveUp = chunk.attempt >= this.settings.maxAttempts;
      await this.grants.fail(chunk, reason, this.settings.retryDelayMs * chunk.attempt, giveUp).catch(() => undefined);
      this.log.warn({ ...fields, err: reason, givenUp: giveUp }, giveUp ? "campaign chunk given up: attempts ran out" : "campaign chunk failed; it runs again later");
    } finally {
      clearInterval(renewal);
    }
  }

  /** Orders the chunk's grants not yet ordered, then sends every invoice of the chunk not yet sent. */
  private async run(chunk: CampaignChunk, campaign: Campaign): Promise<{ ordered: number; sent: number }> {
    const recipients = await this.grants.recipientsOf(chunk);
    const award = campaign.award;
    const now = this.clock.now();
    const all: Array<{ order: DrawOrder; key: string }> = [];
    for (const uId of recipients) {
      for (let n = 1; n <= campaign.perUser; n++) {
        const order = DrawOrder.campaignGrant(
          { orderId: this.ids.nextId(), uId, campaignId: campaign.campaignId, awardId: award.awardId, awardType: award.type, awardName: award.name, awardContent: award.content },
          now,
        );
        all.push({ order, key: campaign.grantKey(uId, n) });
      }
    }
    let ordered = 0;
    let sent = 0;
    for (let i = 0; i < all.length; i += this.settings.writeBatch) {
      const batch = all.slice(i, i + this.settings.writeBatch);
      const added = await this.grants.writeOrders(chunk, batch);
      if (added === "LOST_CLAIM") throw new LostClaim();
      ordered += added;
      // The batch's orders not sent yet: new ones, and any an earlier run of the chunk wrote but could not send.
      const unsent = await this.grants.unsent(chunk, batch.map((g) => g.key));
      sent += await this.send(unsent);
    }
    return { ordered, sent };
  }

  /** Sends in one request; the outcome goes on the orders (FAIL leaves them to the scanner). */
  private async send(orders: DrawOrder[]): Promise<number> {
    if (orders.length === 0) return 0;
    const ids = orders.map((order) => order.orderId);
    try {
      await this.publisher.publishBatch(orders.map(invoiceOf));
    } catch (error) {
      await this.sendOutcomes.markSendFailed(ids);
      throw new Error(`invoice send failed (${(error as Error).message}); the scanner re-sends these orders`);
    }
    await this.sendOutcomes.markSent(ids);
    return orders.length;
  }
}
