import { ChangeCampaignStateUseCase } from "../../../../src/application/campaign/change-campaign-state.use-case";
import type { CampaignState } from "../../../../src/domain/campaign/campaign-state";
import { DependencyUnavailableError } from "../../../../src/shared/errors";
import { CampaignMother } from "../../../support/campaign.mother";
import { FakeClock } from "../../../support/fakes/fake-clock";
import { InMemoryCampaignRepository } from "../../../support/fakes/in-memory-campaign-repository";

const clock = new FakeClock(new Date("2026-12-01T09:00:00Z"));

async function given(state: CampaignState, recipients = 0) {
  const campaigns = new InMemoryCampaignRepository(clock);
  await campaigns.create(CampaignMother.open());
  await campaigns.addRecipients(1, Array.from({ length: recipients }, (_, i) => ({ uId: `user-${i}`, hash: i })));
  if (state !== "OPEN") await campaigns.compareAndSetState(1, "OPEN", state);
  return { campaigns, change: new ChangeCampaignStateUseCase(campaigns, { chunkSize: 100 }) };
}

describe("ChangeCampaignStateUseCase", () => {
  it("starts an OPEN campaign with one chunk per chunkSize recipients, covering the whole hash space", async () => {
    const { campaigns, change } = await given("OPEN", 250);
    const started = await change.execute(1, "start");
    expect(started.ok && started.value.campaign.state).toBe("RUNNING");
    expect(started.ok && started.value.progress.startedAt).toEqual(clock.now());
    const chunks = campaigns.chunksOf(1);
    expect(chunks).toHaveLength(3);
    expect(chunks[0].from).toBe(0);
    expect(chunks[2].to).toBe(2 ** 32);
  });

  it("starts a campaign without recipients with one chunk, so it can still finish", async () => {
    const { campaigns, change } = await given("OPEN", 0);
    expect((await change.execute(1, "start")).ok).toBe(true);
    expect(campaigns.chunksOf(1)).toEqual([{ from: 0, to: 2 ** 32 }]);
  });

  it.each([
    ["pause", "RUNNING", "PAUSED"],
    ["resume", "PAUSED", "RUNNING"],
  ] as const)("%s moves %s to %s", async (action, from, to) => {
    const { change } = await given(from);
    const moved = await change.execute(1, action);
    expect(moved.ok && moved.value.campaign.state).toBe(to);
  });

  it("refuses a campaign that does not exist with CAMPAIGN_NOT_FOUND", async () => {
    const { change } = await given("OPEN");
    const refused = await change.execute(2, "start");
    expect(refused.ok || refused.error.code).toBe("CAMPAIGN_NOT_FOUND");
  });

  it.each([
    ["start", "RUNNING"],
    ["pause", "OPEN"],
    ["resume", "RUNNING"],
    ["pause", "DONE"],
  ] as const)("refuses %s from %s with CAMPAIGN_STATE_CONFLICT and changes nothing", async (action, state) => {
    const { campaigns, change } = await given(state);
    const refused = await change.execute(1, action);
    expect(refused.ok || refused.error.code).toBe("CAMPAIGN_STATE_CONFLICT");
    expect((await campaigns.find(1))?.campaign.state).toBe(state);
  });

  it("refuses with the state it lost to when another operator moved the campaign between its read and its move", async () => {
    const { campaigns, change } = await given("RUNNING");
    const move = campaigns.compareAndSetState.bind(campaigns);
    campaigns.compareAndSetState = async (id, from, to) => {
      await move(id, "RUNNING", "DONE");
      return move(id, from, to);
    };
    const refused = await change.execute(1, "pause");
    expect(refused.ok || refused.error.message).toContain("campaign 1 is DONE");
  });

  it("refuses a start that lost its race to another start", async () => {
    const { campaigns, change } = await given("OPEN");
    const start = campaigns.start.bind(campaigns);
    campaigns.start = async (id, chunks) => {
      await start(id, chunks);
      return start(id, chunks);
    };
    const refused = await change.execute(1, "start");
    expect(refused.ok || refused.error.message).toContain("campaign 1 is RUNNING: it cannot start");
  });

  it("lets an outage through as DependencyUnavailableError", async () => {
    const { campaigns, change } = await given("RUNNING");
    campaigns.outage.start();
    await expect(change.execute(1, "pause")).rejects.toBeInstanceOf(DependencyUnavailableError);
  });

  it("refuses with the state it read when the campaign cannot be read back after the move", async () => {
    const { campaigns, change } = await given("RUNNING");
    const find = campaigns.find.bind(campaigns);
    let reads = 0;
    campaigns.find = async (id) => (++reads === 1 ? find(id) : null);
    const refused = await change.execute(1, "pause");
    expect(refused.ok || refused.error.message).toContain("campaign 1 is RUNNING");
  });
});
