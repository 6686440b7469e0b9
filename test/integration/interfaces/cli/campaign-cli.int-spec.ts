import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { startApp, type RunningApp } from "../../../support/app-harness";
import { OPERATOR_TOKEN } from "../../../support/operator";
import { createOwnDatabase } from "../../../support/own-database";
import { ownTopics } from "../../../support/own-topics";
import { uniqueId } from "../../../support/unique-id";

const CLI = join(__dirname, "../../../../dist/src/interfaces/cli/main.js");

describe("lottery campaign (CLI)", () => {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let dir: string;
  const topics = ownTopics("campaign-cli");

  beforeAll(async () => {
    database = await createOwnDatabase();
    dir = mkdtempSync(join(tmpdir(), "lottery-campaign-cli-"));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  });

  const cli = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        { timeout: 90_000, env: { PATH: process.env.PATH, DATABASE_URL: database.url, REDIS_URL: process.env.REDIS_URL, KAFKA_BROKERS: process.env.KAFKA_BROKERS, ...topics.env } },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
      );
    });

  it("creates a campaign, adds recipients from plain and gzipped files, starts it and watches it to DONE", async () => {
    const campaignId = uniqueId();
    const body = join(dir, "campaign.json");
    writeFileSync(body, JSON.stringify({ campaignId, name: "cli", award: { awardId: "c", type: "DESC", name: "Thanks" }, perUser: 1 }));
    expect(await cli(["campaign", "create", body])).toMatchObject({ code: 0, stdout: `created campaign ${campaignId} (state OPEN)\n` });
    expect((await cli(["campaign", "create", body])).stderr).toMatch(/lottery: CAMPAIGN_ALREADY_EXISTS: /);

    const plain = join(dir, "users.txt");
    writeFileSync(plain, ["u1", "u2", "", "u1", "u3"].join("\n"));
    const first = await cli(["campaign", "recipients", String(campaignId), plain]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`campaign ${campaignId}: 3 accepted, 1 duplicates, 1 invalid\n  line 3: empty\n`);
    const gz = join(dir, "more.ndjson.gz");
    writeFileSync(gz, gzipSync(['{"uId":"u3"}', '{"uId":"u4"}'].join("\n")));
    expect((await cli(["campaign", "recipients", String(campaignId), gz])).stdout).toBe(`campaign ${campaignId}: 1 accepted, 1 duplicates, 0 invalid\n`);

    expect((await cli(["campaign", "pause", String(campaignId)])).code).toBe(1);
    expect((await cli(["campaign", "start", String(campaignId)])).stdout).toBe(`campaign ${campaignId}: RUNNING\n`);

    let app: RunningApp | undefined;
    try {
      app = await startApp({ ROLE: "all", DATABASE_URL: database.url, ADMIN_TOKEN: OPERATOR_TOKEN, KAFKA_CONSUMER_GROUP: `cli-${randomUUID().slice(0, 8)}`, CAMPAIGN_INTERVAL_MS: "200", ...topics.env });
      const watched = await cli(["campaign", "status", String(campaignId), "--watch"]);
      expect(watched.code).toBe(0);
      expect(JSON.parse(watched.stdout)).toMatchObject({ campaignId, state: "DONE", recipients: 4, ordered: 4, granted: 4 });
      expect(watched.stderr.trimEnd().split("\n").at(-1)).toMatch(/^granted \[#{30}\] 4\/4 100%(, [\d.]+\/s)? in [\d.]+s$/);
    } finally {
      await app?.stop();
    }
    expect((await cli(["campaign", "status", "nope"])).code).toBe(2);
    expect((await cli(["campaign", "status", "987654321"])).stderr).toMatch(/CAMPAIGN_NOT_FOUND/);
  }, 120_000);
});
