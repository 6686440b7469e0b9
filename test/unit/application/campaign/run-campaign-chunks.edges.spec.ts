import { RunCampaignChunksUseCase, type CampaignRunnerSettings } from "../../../../src/application/campaign/run-campaign-chunks.use-case";
import { CampaignMother } from "../../../support/campaign.mother";
import { FakeClock } from "../../../support/fakes/fake-clock";
import { InMemoryCampaignGrants } from "../../../support/fakes/in-memory-campaign-grants";
import { InMemoryCampaignRepository } from "../../../support/fakes/in-memory-campaign-repository";
import { RecordingInvoicePublisher } from "../../../support/fakes/recording-invoice-publisher";
import { RecordingLogger } from "../../../support/fakes/recording-logger";
import { SequentialIdGenerator } from "../../../support/fakes/sequential-id-generator";

const SETTINGS: CampaignRunnerSettings = { concurrency: 2, leaseMs: 30_000, maxAttempts: 2, retryDelayMs: 0, writeBatch: 10, runForMs: 60_000 };

async function setUp(options: { campaignExists?: boolean } = {}) {
  const clock = new FakeClock();
  const campaigns = new InMemoryCampaignRepository(clock);
  if (options.campaignExists ?? true) await campaigns.create(CampaignMother.open({ campaignId: 9 }));
  const grants = new InMemoryCampaignGrants(clock);
  grants.recipients = ["ann", "bob"];
  grants.addChunk(9, 1);
  const log = new RecordingLogger();
  // The adapter records a send on the order rows the chunk wrote; so does this, on the fake's.
  const sendOutcomes = { markSent: async (ids: readonly bigint[]) => grants.markSent(ids), markSendFailed: async () => undefined };
  const runner = new RunCampaignChunksUseCase(campaigns, grants, new RecordingInvoicePublisher(), sendOutcomes, new SequentialIdGenerator(), clock, SETTINGS, log);
  return { clock, grants, log, runner };
}

describe("RunCampaignChunksUseCase, the rarer branches", () => {
  it("takes over the chunk of a worker that stopped once its lease ran out, and runs it", async () => {
    const { clock, grants, log, runner } = await setUp();
    await grants.claimChunks(1); // that worker stopped here
    expect((await runner.execute()).chunks).toBe(0);
    clock.advance(SETTINGS.leaseMs + 1);
    expect(await runner.execute()).toMatchObject({ chunks: 1, ordered: 2, sent: 2 });
    expect(grants.tasks[0]).toMatchObject({ status: "SUCCESS", attempts: 2 });
    expect(log.lines).toContainEqual(expect.objectContaining({ level: "warn", message: "campaign chunks of a worker that stopped taken over", fields: { released: 1, leaseMs: 30_000 } }));
  });

  it("fails the chunk of a campaign that does not exist, then gives it up with the reason", async () => {
    const { grants, log, runner } = await setUp({ campaignExists: false });
    expect((await runner.execute()).failedChunks).toBe(1);
    expect(grants.tasks[0]).toMatchObject({ status: "WAIT_HANDLE", reason: "campaign 9 of chunk 1 does not exist" });
    await runner.execute();
    expect(grants.tasks[0]).toMatchObject({ status: "FAILED", attempts: 2 });
    expect(log.messages("warn")).toEqual(["campaign chunk failed; it runs again later", "campaign chunk given up: attempts ran out"]);
    expect(grants.orders.size).toBe(0);
  });

  it("says so when its chunk was taken over after its last write: the orders stand, the other claim settles it", async () => {
    const { grants, log, runner } = await setUp();
    const unsent = grants.unsent.bind(grants);
    grants.unsent = async (chunk, keys) => {
      const found = await unsent(chunk, keys);
      grants.takeOver(chunk.taskId);
      return found;
    };
    expect(await runner.execute()).toMatchObject({ chunks: 1, ordered: 2, failedChunks: 0 });
    expect(grants.tasks[0].status).toBe("PROCESSING");
    expect(log.messages("warn")).toEqual(["campaign chunk finished after its claim was taken over"]);
  });

  it("stops claiming chunks once its run time (runForMs, on its clock) is used up, and leaves the rest for the next run", async () => {
    const { clock, grants, runner } = await setUp();
    grants.addChunk(9, 2);
    grants.addChunk(9, 3);
    const claim = grants.claimChunks.bind(grants);
    grants.claimChunks = async (n) => {
      const claimed = await claim(1);
      clock.advance(SETTINGS.runForMs); // each claim uses the whole run time
      return claimed.slice(0, n);
    };
    expect((await runner.execute()).chunks).toBe(1);
    expect(grants.tasks.filter((t) => t.status === "WAIT_HANDLE")).toHaveLength(2);
  });

  it("reports a campaign done once, when all its chunks ran and its invoices are sent", async () => {
    const { log, runner } = await setUp();
    await runner.execute();
    await runner.execute();
    expect(log.lines.filter((l) => l.message.startsWith("campaign done"))).toEqual([expect.objectContaining({ fields: { campaignId: 9 } })]);
  });
});
