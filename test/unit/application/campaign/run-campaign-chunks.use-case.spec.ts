import { RunCampaignChunksUseCase } from "../../../../src/application/campaign/run-campaign-chunks.use-case";
import { AwardType } from "../../../../src/domain/award/award-type";
import { CampaignMother } from "../../../support/campaign.mother";
import { InMemoryCampaignRepository } from "../../../support/fakes/in-memory-campaign-repository";
import { InMemoryCampaignGrants } from "../../../support/fakes/in-memory-campaign-grants";
import { RecordingInvoicePublisher } from "../../../support/fakes/recording-invoice-publisher";

const log = { debug() {}, info() {}, warn() {}, error() {} };

async function setUp(perUser = 2) {
  const campaigns = new InMemoryCampaignRepository();
  await campaigns.create(CampaignMother.open({ campaignId: 9, award: { awardId: "a", type: AwardType.DESC, name: "A", content: "" }, perUser }));
  await campaigns.compareAndSetState(9, "OPEN", "RUNNING");
  const grants = new InMemoryCampaignGrants();
  grants.recipients = ["ann", "bob", "cid"];
  grants.addChunk(9, 1);
  const publisher = new RecordingInvoicePublisher();
  const failed: bigint[] = [];
  const outcomes = { markSent: async (ids: readonly bigint[]) => grants.markSent(ids), markSendFailed: async (ids: readonly bigint[]) => void failed.push(...ids) };
  let id = 1n;
  const runner = new RunCampaignChunksUseCase(campaigns, grants, publisher, outcomes, { nextId: () => id++ }, { now: () => new Date() }, {
    concurrency: 2,
    leaseMs: 30_000,
    maxAttempts: 3,
    retryDelayMs: 0,
    writeBatch: 4,
    runForMs: 1000,
  }, log);
  return { runner, grants, publisher, failed };
}

describe("RunCampaignChunksUseCase", () => {
  it("orders each recipient's grants once, sends them, and completes the chunk", async () => {
    const { runner, grants, publisher } = await setUp();
    const summary = await runner.execute();
    expect(summary).toMatchObject({ chunks: 1, ordered: 6, sent: 6, failedChunks: 0 });
    expect([...grants.orders.keys()].sort()).toEqual(["campaign:9:1:ann", "campaign:9:1:bob", "campaign:9:1:cid", "campaign:9:2:ann", "campaign:9:2:bob", "campaign:9:2:cid"]);
    expect(publisher.sent).toHaveLength(6);
    expect(publisher.batches.every((b) => b.length <= 4)).toBe(true);
    expect(publisher.batches[0][0].extInfo).toEqual({ campaignId: 9 });
    expect(grants.tasks[0].status).toBe("SUCCESS");
  });

  it("runs a failed chunk again without ordering twice, and sends what the failed run left unsent", async () => {
    const { runner, grants, publisher } = await setUp();
    grants.failWriteAt = 2; // the first batch of 4 is written, then the database goes away
    expect((await runner.execute()).failedChunks).toBe(1);
    expect(grants.tasks[0]).toMatchObject({ status: "WAIT_HANDLE", reason: "database away", attempts: 1 });
    await runner.execute();
    expect(grants.orders.size).toBe(6);
    expect(new Set(publisher.sent).size).toBe(6);
    expect(grants.tasks[0]).toMatchObject({ status: "SUCCESS", attempts: 2 });
  });

  it("leaves a failed send to the scanner (mq_state FAIL) and tries the chunk again", async () => {
    const { runner, grants, publisher, failed } = await setUp(1);
    publisher.failing = true;
    await runner.execute();
    expect(failed).toHaveLength(3);
    expect(grants.tasks[0].status).toBe("WAIT_HANDLE");
    publisher.failing = false;
    await runner.execute();
    expect(grants.tasks[0].status).toBe("SUCCESS");
    expect(publisher.sent).toHaveLength(3);
  });

  it("gives a chunk up after its last attempt, with the reason kept", async () => {
    const { runner, grants, publisher } = await setUp(1);
    publisher.failing = true;
    for (let i = 0; i < 3; i++) await runner.execute();
    expect(grants.tasks[0]).toMatchObject({ status: "FAILED", attempts: 3 });
    expect(grants.tasks[0].reason).toMatch(/invoice send failed/);
  });

  it("stops writing as soon as its claim was taken over by another worker", async () => {
    const { runner, grants } = await setUp(2);
    const claim = grants.claimChunks.bind(grants);
    grants.claimChunks = async (limit) => {
      const claimed = await claim(limit);
      for (const chunk of claimed) grants.takeOver(chunk.taskId);
      return claimed;
    };
    const summary = await runner.execute();
    expect(summary.failedChunks).toBe(0);
    expect(grants.orders.size).toBe(0);
    expect(grants.tasks[0].status).toBe("PROCESSING"); // the other worker's, untouched
  });
});
