import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ActivityRequestMother, award } from "../../../support/activity-request.mother";
import { uniqueId } from "../../../support/unique-id";

const CLI = join(__dirname, "../../../../dist/src/interfaces/cli/main.js");

// `lottery codes` as an operator runs it: the built CLI in a child process, on the run's database.
describe("lottery codes (CLI)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "lottery-codes-cli-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        { timeout: 90_000, env: { PATH: process.env.PATH, DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL, KAFKA_BROKERS: process.env.KAFKA_BROKERS } },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
      );
    });

  /** Deploys, through `lottery deploy`, an activity with award "gift" REDEEM_CODE (no policy named) and "note" DESC. */
  async function deployed(): Promise<number> {
    const body = ActivityRequestMother.withAwards("ENTIRETY", [award("gift", "Gift card", 10, "0.5", "REDEEM_CODE"), award("note", "Thanks", 10, "0.5")]);
    const file = join(dir, `activity-${body.activityId}.json`);
    writeFileSync(file, JSON.stringify(body));
    expect(await cli(["deploy", file])).toMatchObject({ code: 0 });
    return body.activityId as number;
  }

  it("imports a file with a progress bar and prints added, duplicates and the bad lines; a second import adds nothing; status counts the pool", async () => {
    const activityId = await deployed();
    const file = join(dir, "codes.txt");
    writeFileSync(file, ["GIFT-1", "GIFT-2", "", "GIFT-1", "GIFT-3\r", "X".repeat(65), "GIFT-4", "BAD\tCODE"].join("\n"));

    const first = await cli(["codes", "import", String(activityId), "gift", file]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      `award gift of activity ${activityId}: 4 added, 1 duplicates, 3 invalid\n  line 3: empty\n  line 6: longer than 64 characters\n  line 8: not printable\n`,
    );
    expect(first.stderr.trimEnd().split("\n").at(-1)).toMatch(/^lines \[#{30}\] 8\/8 100%(, [\d.]+\/s)? in [\d.]+s$/);

    const gz = join(dir, "codes.txt.gz");
    writeFileSync(gz, gzipSync(["GIFT-1", "GIFT-2", "GIFT-3", "GIFT-4"].join("\n")));
    expect((await cli(["codes", "import", String(activityId), "gift", gz])).stdout).toBe(`award gift of activity ${activityId}: 0 added, 4 duplicates, 0 invalid\n`);

    const status = await cli(["codes", "status", String(activityId), "gift"]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({ total: 4, used: 0, free: 4 });
  });

  it("refuses an unknown award, an award that is not REDEEM_CODE and bad arguments, adding nothing", async () => {
    const activityId = await deployed();
    const file = join(dir, "one.txt");
    writeFileSync(file, "ONE\n");
    expect(await cli(["codes", "import", String(activityId), "note", file])).toMatchObject({ code: 1, stderr: expect.stringMatching(/AWARD_NOT_REDEEM_CODE.*DESC award/) });
    expect(await cli(["codes", "import", String(activityId), "nope", file])).toMatchObject({ code: 1, stderr: expect.stringMatching(/AWARD_NOT_FOUND/) });
    expect(await cli(["codes", "status", String(uniqueId()), "gift"])).toMatchObject({ code: 1, stderr: expect.stringMatching(/ACTIVITY_NOT_FOUND/) });
    expect((await cli(["codes", "import", "abc", "gift", file])).code).toBe(2);
    expect((await cli(["codes", "import", String(activityId), "gift"])).code).toBe(2);
    expect((await cli(["codes", "import", String(activityId), "gift", join(dir, "missing.txt")])).code).toBe(2);
    expect(JSON.parse((await cli(["codes", "status", String(activityId), "gift"])).stdout)).toEqual({ total: 0, used: 0, free: 0 });
  });

  it("fills a REDEEM_CODE campaign's pool with --campaign", async () => {
    const campaignId = uniqueId();
    const body = join(dir, "campaign.json");
    writeFileSync(body, JSON.stringify({ campaignId, name: "codes", award: { awardId: `cli-gift-${campaignId}`, type: "REDEEM_CODE", name: "Gift" } }));
    expect((await cli(["campaign", "create", body])).code).toBe(0);
    const file = join(dir, "campaign-codes.txt");
    writeFileSync(file, "C-1\nC-2\n");
    expect((await cli(["codes", "import", "--campaign", String(campaignId), file])).stdout).toBe(`campaign ${campaignId}: 2 added, 0 duplicates, 0 invalid\n`);
    expect(JSON.parse((await cli(["codes", "status", "--campaign", String(campaignId)])).stdout)).toEqual({ total: 2, used: 0, free: 2 });
  });
});
