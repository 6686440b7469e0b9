import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Pool } from "pg";
import { KafkaClient } from "../../../../src/infrastructure/kafka/kafka-client";
import { applicationTopics } from "../../../../src/infrastructure/kafka/kafka-topics";
import { createLogger } from "../../../../src/infrastructure/logging/logger";
import { createPgPool } from "../../../../src/infrastructure/persistence/pg-pool.factory";
import { ActivityRequestMother } from "../../../support/activity-request.mother";
import { testConfig } from "../../../support/app-harness";
import { createOwnDatabase } from "../../../support/own-database";
import { ownTopics } from "../../../support/own-topics";
import { startLocalBroker, stopLocalBroker } from "../../../support/services";
import { uniqueId } from "../../../support/unique-id";

const CLI = join(__dirname, "../../../../dist/src/interfaces/cli/main.js");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// The CLI's read commands and its first-hour behaviour, run as an operator runs it: the built
// file in a child process, against a database and topics of its own.
describe("the operator CLI: finding the broker, tables and --json", () => {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let pool: Pool;
  let dir: string;
  const topics = ownTopics("cli-reads");
  const config = testConfig(topics.env);
  const kafka = new KafkaClient(config.kafka, createLogger("silent"));

  beforeAll(async () => {
    database = await createOwnDatabase();
    pool = createPgPool(database.url, 4);
    await kafka.ensureTopics(applicationTopics(config.kafka.invoicePartitions, config.kafka));
    dir = mkdtempSync(join(tmpdir(), "lottery-cli-reads-"));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await pool.end();
    await kafka.disconnect();
    await database.drop();
  });

  /** `env` replaces the defaults below; a key set to undefined is left out (KAFKA_BROKERS unset). */
  function cli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = dir): Promise<Run> {
    const merged: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      DATABASE_URL: database.url,
      REDIS_URL: process.env.REDIS_URL,
      REDIS_KEY_PREFIX: process.env.REDIS_KEY_PREFIX,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      SCANNER_STALE_AFTER_MS: "60000",
      ...topics.env,
      ...env,
    };
    for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
    return new Promise((resolve) => {
      execFile(process.execPath, [CLI, ...args], { timeout: 90_000, cwd, env: merged }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
      });
    });
  }

  async function deploy(body = ActivityRequestMother.reference()): Promise<number> {
    const file = join(dir, `activity-${body.activityId}.json`);
    writeFileSync(file, JSON.stringify(body));
    const run = await cli(["deploy", file]);
    expect(run.code).toBe(0);
    return body.activityId;
  }

  async function insertStuckOrders(count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => String(uniqueId()));
    await pool.query(
      `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, award_content, uuid, mq_state, created_at)
       SELECT id::bigint, 'user-' || id, 1, 1, 2, 1, '1', 1, 'Book', 'A book', id, 2, now() - interval '5 seconds' FROM unnest($1::text[]) AS id`,
      [ids],
    );
    return ids;
  }

  describe("the local broker of a checkout", () => {
    let brokerDir: string;
    let ownBroker: string | undefined;

    beforeAll(async () => {
      // The harness's broker was started by scripts/kafka/kafka.sh into a data dir, as `npm start`
      // does into .tmp/kafka; without one (KAFKA_BROKERS given to the run) the test starts its own.
      brokerDir = process.env.TEST_KAFKA_DATA_DIR ?? "";
      if (!brokerDir) {
        ownBroker = join(dir, "own-kafka");
        brokerDir = (await startLocalBroker(ownBroker)).dataDir;
      }
      mkdirSync(join(dir, "checkout/.tmp"), { recursive: true });
      symlinkSync(brokerDir, join(dir, "checkout/.tmp/kafka"));
    });
    afterAll(async () => {
      if (ownBroker) await stopLocalBroker(ownBroker);
    });

    it("reaches the broker in ./.tmp/kafka when KAFKA_BROKERS is unset", async () => {
      const run = await cli(["dlq", "list", "--json"], { KAFKA_BROKERS: undefined }, join(dir, "checkout"));
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ topic: topics.deadLetterTopic, total: 0, items: [] });
    });

    it("lets an explicit KAFKA_BROKERS win over the local broker, and says where the address came from", async () => {
      const run = await cli(["dlq", "list"], { KAFKA_BROKERS: "127.0.0.1:1", KAFKA_CONNECTION_TIMEOUT_MS: "300" }, join(dir, "checkout"));
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/cannot reach Kafka at 127\.0\.0\.1:1 \(from KAFKA_BROKERS\)/);
    });
  });

  it("lists activities as an aligned table, a page at a time, and every one with --all --json", async () => {
    const ids = [await deploy(), await deploy(), await deploy()].sort((a, b) => a - b);
    await cli(["state", String(ids[0]), "arraign"]);

    const page = await cli(["activities", "--size", "2"]);
    expect(page.code).toBe(0);
    const lines = page.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^activity\s+name\s+state\s+stock\s+surplus\s+takes\/user\s+begins\s+ends$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(new RegExp(`^${ids[0]}\\s+Reference activity\\s+ARRAIGNMENT\\s+100\\s+100\\s+10\\s`));
    // Aligned: the state column starts at the same place on every row.
    expect(lines[1].indexOf("ARRAIGNMENT")).toBe(lines[0].indexOf("state"));
    expect(lines[2].indexOf("EDIT")).toBe(lines[0].indexOf("state"));
    expect(lines[3]).toBe("page 1 of 2: 2 of 3 activities (--page 2 for the next, --all for every one)");

    const all = await cli(["activities", "--all", "--json"]);
    expect(all.code).toBe(0);
    const listed = JSON.parse(all.stdout);
    expect(listed.total).toBe(3);
    expect(listed.items.map((a: { activityId: number }) => a.activityId)).toEqual(ids);

    const editing = JSON.parse((await cli(["activities", "--state", "EDIT", "--json"])).stdout);
    expect(editing).toMatchObject({ page: 1, size: 20, total: 2 });
    expect(editing.items.map((a: { state: string }) => a.state)).toEqual(["EDIT", "EDIT"]);

    const bad = await cli(["activities", "--state", "LIVE"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--state must be one of EDIT/);
  });

  it("prints the summary as an aligned table, and as JSON with --json", async () => {
    const activityId = await deploy(ActivityRequestMother.reference({ name: "A much longer activity name" }));
    const table = await cli(["summary"]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^activity\s+name\s+state\s+stock\s+surplus\s+takes\s+wins\s+granted\s+pending\s+failed$/);
    const row = lines.find((line) => line.startsWith(String(activityId)));
    expect(row).toMatch(/^\d+\s+A much longer activity name\s+EDIT\s+100\s+100\s+0\s+0\s+0\s+0\s+0$/);
    expect(table.stdout).not.toContain("\t");
    // Numbers right-aligned under their header: each row ends where the header line ends.
    expect(new Set(lines.slice(0, -1).map((line) => line.length))).toEqual(new Set([lines[0].length]));

    const json = JSON.parse((await cli(["summary", "--json"])).stdout);
    expect(json.activities).toContainEqual({
      activityId,
      name: "A much longer activity name",
      state: "EDIT",
      stock: 100,
      surplus: 100,
      takes: 0,
      wins: 0,
      granted: 0,
      pending: 0,
      failed: 0,
    });
  });

  it("re-sends stuck invoices behind a progress bar that ends at 100%, without listing them first", async () => {
    const ids = await insertStuckOrders(25);
    const listed = JSON.parse((await cli(["stuck", "--json"])).stdout);
    expect(listed.total).toBe(25);
    expect(listed.orders.map((o: { orderId: string }) => o.orderId).sort()).toEqual([...ids].sort());
    expect(listed.orders[0]).toMatchObject({ mqState: "FAIL", activityId: 1 });

    const resent = await cli(["stuck", "--resend"]);
    expect(resent.code).toBe(0);
    expect(resent.stdout).toBe("25 stuck invoice(s)\nre-sent 25 invoice(s)\n");
    const bar = resent.stderr.trimEnd().split("\n");
    expect(bar.at(-1)).toMatch(/^re-sending \[#{30}\] 25\/25 100%(, [\d.]+\/s)? in [\d.]+s$/);
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM user_strategy_export WHERE order_id = ANY($1::bigint[]) AND mq_state = 1", [ids]);
    expect(rows[0].n).toBe(25);
  });

  it("answers ACTIVITY_STATE_CONFLICT, the code REST answers, for a refused move", async () => {
    const activityId = await deploy();
    const refused = await cli(["state", String(activityId), "doing"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`lottery: ACTIVITY_STATE_CONFLICT: activity ${activityId} cannot be started (doing) from state EDIT; allowed from EDIT: arraign, close\n`);
  });

  it("takes --json on order and campaign status too", async () => {
    const [orderId] = await insertStuckOrders(1);
    const shown = await cli(["order", orderId, "--json"]);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ orderId, mqState: "FAIL" });

    const campaignId = uniqueId();
    const file = join(dir, "campaign.json");
    writeFileSync(file, JSON.stringify({ campaignId, name: "json", award: { awardId: "c", type: "DESC", name: "Thanks" } }));
    expect((await cli(["campaign", "create", file])).code).toBe(0);
    const status = await cli(["campaign", "status", String(campaignId), "--json"]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ campaignId, state: "OPEN" });
  });
});
