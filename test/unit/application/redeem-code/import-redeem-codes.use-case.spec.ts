import { ImportRedeemCodesUseCase } from "../../../../src/application/redeem-code/import-redeem-codes.use-case";
import { RedeemCodeQueries } from "../../../../src/application/redeem-code/redeem-code-queries";
import { RedeemCodePoolLocator } from "../../../../src/application/redeem-code/redeem-code-pool.locator";
import { Activity } from "../../../../src/domain/activity/activity.entity";
import { AwardType } from "../../../../src/domain/award/award-type";
import { Campaign } from "../../../../src/domain/campaign/campaign.entity";
import type { CampaignView } from "../../../../src/domain/campaign/campaign.repository";
import { Strategy } from "../../../../src/domain/strategy/strategy.entity";
import { InMemoryRedeemCodePool } from "../../../support/fakes/in-memory-redeem-code-pool";
import { StrategyMother } from "../../../support/strategy.mother";

const ACTIVITY_ID = 100001;
const STRATEGY_ID = 10001;

/** The reference activity with award "3" a REDEEM_CODE award; the others stay DESC. */
function activities() {
  const props = StrategyMother.referenceProps();
  const strategy = Strategy.create({ ...props, awards: props.awards.map((a) => (a.awardId === "3" ? { ...a, type: AwardType.REDEEM_CODE } : a)) });
  const activity = Activity.create({
    activityId: ACTIVITY_ID,
    name: "Reference",
    description: "",
    beginAt: new Date("2026-11-01T00:00:00Z"),
    endAt: new Date("2026-12-31T00:00:00Z"),
    stockCount: 100,
    takeCount: 10,
    strategyId: STRATEGY_ID,
    creator: "xiaofuge",
  });
  if (!strategy.ok || !activity.ok) throw new Error("the reference activity is invalid");
  return {
    findActivity: async (id: number) => (id === ACTIVITY_ID ? activity.value : null),
    findStrategy: async (id: number) => (id === STRATEGY_ID ? strategy.value : null),
  };
}

function campaigns(type: AwardType) {
  const created = Campaign.create({ campaignId: 7, name: "make-good", award: { awardId: "sorry", type, name: "Sorry", content: "" }, perUser: 1 });
  if (!created.ok) throw new Error(created.error.message);
  const view: CampaignView = { campaign: created.value, progress: { recipients: 0, ordered: 0, sent: 0, granted: 0, failed: 0, startedAt: null, finishedAt: null } };
  return { find: async (id: number) => (id === 7 ? view : null) };
}

async function* lines(...all: string[]): AsyncGenerator<string> {
  yield* all;
}

function setUp(campaignAward = AwardType.REDEEM_CODE) {
  const pool = new InMemoryRedeemCodePool();
  const locator = new RedeemCodePoolLocator(activities(), campaigns(campaignAward));
  return { pool, importCodes: new ImportRedeemCodesUseCase(locator, pool), queries: new RedeemCodeQueries(locator, pool) };
}

describe("ImportRedeemCodesUseCase", () => {
  it("adds the codes to the award's pool (its strategy's), in file order, reporting bad lines by number and duplicates", async () => {
    const { pool, importCodes } = setUp();
    const result = await importCodes.execute({ activityId: ACTIVITY_ID, awardId: "3" }, lines("A-1", "", "A-2", "A-1", "X".repeat(65), "A\tB", "A-3"));
    expect(result).toEqual({
      ok: true,
      value: {
        added: 3,
        duplicates: 1,
        invalid: [
          { line: 2, reason: "empty" },
          { line: 5, reason: "longer than 64 characters" },
          { line: 6, reason: "not printable" },
        ],
        invalidCount: 3,
      },
    });
    expect(pool.codes(STRATEGY_ID, "3")).toEqual(["A-1", "A-2", "A-3"]);
  });

  it("adds nothing when the same file is imported again: every code is a duplicate", async () => {
    const { importCodes } = setUp();
    const owner = { activityId: ACTIVITY_ID, awardId: "3" };
    await importCodes.execute(owner, lines("A-1", "A-2"));
    expect(await importCodes.execute(owner, lines("A-1", "A-2"))).toEqual({ ok: true, value: { added: 0, duplicates: 2, invalid: [], invalidCount: 0 } });
  });

  it("writes a big import in batches of 5000 and reports at most the first 100 bad lines (but counts them all)", async () => {
    const { pool, importCodes } = setUp();
    async function* many(): AsyncGenerator<string> {
      for (let i = 0; i < 12_000; i++) yield `CODE-${i}`;
      for (let i = 0; i < 150; i++) yield "";
    }
    const progress: number[] = [];
    const result = await importCodes.execute({ activityId: ACTIVITY_ID, awardId: "3" }, many(), (read) => progress.push(read));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({ added: 12_000, duplicates: 0, invalidCount: 150 });
    expect(result.value.invalid).toHaveLength(100);
    expect(result.value.invalid[0]).toEqual({ line: 12_001, reason: "empty" });
    expect(pool.addedBatches).toEqual([5000, 5000, 2000]);
    expect(progress).toEqual([5000, 10_000, 12_150]);
  });

  it("refuses an unknown activity, an unknown award and an award that is not REDEEM_CODE, reading no line", async () => {
    const { importCodes } = setUp();
    const untouched = { [Symbol.asyncIterator]: () => { throw new Error("the body must not be read"); } };
    const codeOf = async (owner: Parameters<typeof importCodes.execute>[0]) => {
      const result = await importCodes.execute(owner, untouched);
      return result.ok ? "ok" : `${result.error.code}: ${result.error.message}`;
    };
    expect(await codeOf({ activityId: 999, awardId: "3" })).toBe("ACTIVITY_NOT_FOUND: activity 999 does not exist");
    expect(await codeOf({ activityId: ACTIVITY_ID, awardId: "9" })).toBe('AWARD_NOT_FOUND: activity 100001 has no award "9"');
    expect(await codeOf({ activityId: ACTIVITY_ID, awardId: "1" })).toBe(
      'AWARD_NOT_REDEEM_CODE: award "1" of activity 100001 is a DESC award: only REDEEM_CODE awards have a code pool',
    );
  });

  it("fills a REDEEM_CODE campaign's pool: strategy 0 and the campaign's awardId, which its grants carry", async () => {
    const { pool, importCodes } = setUp();
    await importCodes.execute({ campaignId: 7 }, lines("C-1", "C-2"));
    expect(pool.codes(0, "sorry")).toEqual(["C-1", "C-2"]);
    const { importCodes: other } = setUp(AwardType.COUPON);
    const refused = await other.execute({ campaignId: 7 }, lines("C-1"));
    expect(refused.ok ? undefined : refused.error.code).toBe("AWARD_NOT_REDEEM_CODE");
    const missing = await other.execute({ campaignId: 8 }, lines("C-1"));
    expect(missing.ok ? undefined : missing.error.code).toBe("CAMPAIGN_NOT_FOUND");
  });
});

describe("RedeemCodeQueries.status", () => {
  it("counts the pool's codes: total, used (handed to an order) and free", async () => {
    const { pool, importCodes, queries } = setUp();
    await importCodes.execute({ activityId: ACTIVITY_ID, awardId: "3" }, lines("A-1", "A-2", "A-3"));
    await pool.handOutFree(STRATEGY_ID, "3", [{ orderId: 1n, uId: "xiaofuge" }]);
    expect(await queries.status({ activityId: ACTIVITY_ID, awardId: "3" })).toEqual({ ok: true, value: { total: 3, used: 1, free: 2 } });
  });
});
