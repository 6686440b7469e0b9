import { Campaign } from "../../../../src/domain/campaign/campaign.entity";
import { chunkRanges, recipientHash, recipientOf } from "../../../../src/domain/campaign/recipient-line";
import { AwardType } from "../../../../src/domain/award/award-type";

describe("recipient lines", () => {
  it.each([
    ["alice", "text", { uId: "alice" }],
    ["alice\r", "text", { uId: "alice" }],
    ["", "text", { problem: "empty" }],
    ["a".repeat(64), "text", { uId: "a".repeat(64) }],
    ["a".repeat(65), "text", { problem: "longer than 64 characters" }],
    ["tab\there", "text", { problem: "not printable" }],
    ["用户一号", "text", { uId: "用户一号" }],
    ['{"uId":"bob"}', "ndjson", { uId: "bob" }],
    ['{"uId":7}', "ndjson", { problem: "not a JSON object with a string uId" }],
    ["{", "ndjson", { problem: "not a JSON object with a string uId" }],
    ["  ", "ndjson", { problem: "empty" }],
  ] as const)("reads %j (%s) as %j", (line, format, expected) => {
    expect(recipientOf(line, format)).toEqual(expected);
  });
});

describe("chunks of recipients", () => {
  it("hashes a uId the same way every time, into 32 bits", () => {
    expect(recipientHash("xiaofuge")).toBe(recipientHash("xiaofuge"));
    expect(recipientHash("a")).toBe(0xe40c292c); // FNV-1a of "a"
    expect(recipientHash("")).toBe(0x811c9dc5);
  });

  it("cuts the hash space into ranges that cover it without gaps or overlaps", () => {
    const ranges = chunkRanges(7);
    expect(ranges[0].from).toBe(0);
    expect(ranges[6].to).toBe(2 ** 32);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i].from).toBe(ranges[i - 1].to);
  });

  it("spreads 70,000 recipients over 7 chunks within 5% of even", () => {
    const ranges = chunkRanges(7);
    const counts = ranges.map(() => 0);
    for (let i = 0; i < 70_000; i++) {
      const h = recipientHash(`user-${i}`);
      counts[ranges.findIndex((r) => h >= r.from && h < r.to)]++;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });
});

describe("Campaign.create", () => {
  const valid = { campaignId: 1, name: "n", award: { awardId: "a", type: AwardType.COUPON, name: "A", content: "" }, perUser: 1 };
  it("starts OPEN and keys each grant by campaign, n and uId", () => {
    const created = Campaign.create(valid);
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value.state).toBe("OPEN");
    expect(created.value.grantKey("bob", 2)).toBe("campaign:1:2:bob");
  });
  it.each([
    [{ perUser: 0 }, "perUser"],
    [{ perUser: 11 }, "perUser"],
    [{ campaignId: 0 }, "campaignId"],
    [{ name: " " }, "name"],
    [{ award: { ...valid.award, type: 9 } }, "award.type"],
  ])("refuses %j naming %s", (override, field) => {
    const created = Campaign.create({ ...valid, ...override } as typeof valid);
    expect(created.ok).toBe(false);
    if (!created.ok) expect(created.error.message.startsWith(`${field}:`)).toBe(true);
  });
});
