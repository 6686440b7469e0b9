import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Pool } from "pg";
import { KafkaClient } from "../../../../src/infrastructure/kafka/kafka-client";
import { applicationTopics } from "../../../../src/infrastructure/kafka/kafka-topics";
import { createLogger } from "../../../../src/infrastructure/logging/logger";
import { createPgPool } from "../../../../src/infrastructure/persistence/pg-pool.factory";
import { ActivityRequestMother } from "../../../support/activity-request.mother";
import { eventually, startApp, testConfig, type RunningApp } from "../../../support/app-harness";
import { createOwnDatabase } from "../../../support/own-database";
import { distinct, readTopic } from "../../../support/invoice-reader";
import { ownTopics } from "../../../support/own-topics";
import { uniqueId } from "../../../support/unique-id";

const CLI = join(__dirname, "../../../../dist/src/interfaces/cli/main.js");
const log = createLogger("silent");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// The CLI as an operator runs it: the built file in a child process, against a database of its
// own (stuck and summary scan whole tables) and topics of its own (dlq lists the whole topic),
// with the run's Redis and Kafka.
describe("the operator CLI", () => {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let pool: Pool;
  let dir: string;
  const topics = ownTopics("cli");
  const config = testConfig(topics.env);
  const kafka = new KafkaClient(config.kafka, log);

  beforeAll(async () => {
    database = await createOwnDatabase();
    pool = createPgPool(database.url, 4);
    await kafka.ensureTopics(applicationTopics(config.kafka.invoicePartitions, config.kafka));
    dir = mkdtempSync(join(tmpdir(), "lottery-cli-"));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await pool.end();
    await kafka.disconnect();
    await database.drop();
  });

  function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        {
          timeout: 90_000,
          env: {
            PATH: process.env.PATH,
            DATABASE_URL: database.url,
            REDIS_URL: process.env.REDIS_URL,
            REDIS_KEY_PREFIX: process.env.REDIS_KEY_PREFIX,
            KAFKA_BROKERS: process.env.KAFKA_BROKERS,
            SCANNER_STALE_AFTER_MS: "60000",
            ...topics.env,
            ...env,
          },
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  async function insertOrder(mqState: number): Promise<string> {
    const orderId = String(uniqueId());
    await pool.query(
      `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, award_content, uuid, mq_state, created_at)
       VALUES ($1::bigint, $2, $3, 1, 2, 1, '1', 1, 'Book', 'A book', $1, $4, now() - interval '5 seconds')`,
      [orderId, `user-${orderId}`, uniqueId(), mqState],
    );
    return orderId;
  }

  async function activityState(activityId: number): Promise<number | undefined> {
    const { rows } = await pool.query("SELECT state FROM activity WHERE activity_id = $1", [activityId]);
    return rows[0]?.state;
  }

  it("deploys an activity from a JSON file, then moves its state", async () => {
    const body = ActivityRequestMother.reference();
    const file = join(dir, "activity.json");
    writeFileSync(file, JSON.stringify(body));

    const deployed = await cli(["deploy", file]);
    expect(deployed.stderr).toBe("");
    expect(deployed.code).toBe(0);
    expect(deployed.stdout).toContain(`deployed activity ${body.activityId} (state EDIT)`);
    expect(await activityState(body.activityId)).toBe(1);

    const moved = await cli(["state", String(body.activityId), "arraign"]);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain("EDIT -> ARRAIGNMENT");
    expect(await activityState(body.activityId)).toBe(2);

    const refused = await cli(["state", String(body.activityId), "close"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/ACTIVITY_STATE_CONFLICT: activity \d+ cannot be closed \(close\) from state ARRAIGNMENT/);
    expect(await activityState(body.activityId)).toBe(2);

    const again = await cli(["deploy", file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/ACTIVITY_ALREADY_EXISTS: activity \d+ is already deployed/);

    const summary = await cli(["summary"]);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toMatch(new RegExp(`^${body.activityId} +Reference activity +ARRAIGNMENT +100 +100 +0 +0 +0 +0 +0$`, "m"));
  });

  it("lists a stuck invoice and re-sends it: mq_state becomes COMPLETE", async () => {
    const orderId = await insertOrder(2);
    const listed = await cli(["stuck"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${orderId}\t`);

    const resent = await cli(["stuck", "--resend"]);
    expect(resent.stderr).not.toMatch(/lottery:/);
    expect(resent.code).toBe(0);
    expect(resent.stdout).toMatch(/re-sent [1-9]\d* invoice/);
    const { rows } = await pool.query("SELECT mq_state FROM user_strategy_export WHERE order_id = $1", [orderId]);
    expect(rows[0].mq_state).toBe(1);

    const shown = await cli(["order", orderId]);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ orderId, mqState: "COMPLETE", grantState: "INIT", delivery: null });
  });

  it("replays one order's dead letter to lottery_invoice, and the prize is granted exactly once", async () => {
    const orderId = await insertOrder(1);
    const { rows } = await pool.query("SELECT u_id, activity_id FROM user_strategy_export WHERE order_id = $1", [orderId]);
    const invoice = {
      orderId,
      uId: rows[0].u_id,
      activityId: Number(rows[0].activity_id),
      awardId: "1",
      awardType: 1,
      awardName: "Book",
      awardContent: "A book",
      shippingAddress: null,
      extInfo: null,
    };
    // As the consumer dead-letters it: the original value and headers, plus why and how often.
    await kafka.send(
      topics.deadLetterTopic,
      [{ key: invoice.uId, value: JSON.stringify(invoice), headers: { "message-id": orderId, "x-error": "distributor down", "x-attempts": "3" } }],
      10_000,
    );

    const listed = await cli(["dlq", "list"]);
    expect(listed.stderr).toBe("");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${orderId}\\treason failed\\tattempts 3\\terror distributor down`, "m"));

    const dryRun = await cli(["dlq", "replay", "--order", orderId, "--dry-run"]);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain(`dry run: would replay 1 dead letter(s) to ${topics.invoiceTopic}; nothing sent`);

    const replayed = await cli(["dlq", "replay", "--order", orderId]);
    expect(replayed.stderr).not.toMatch(/lottery:/);
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toContain(`replayed 1 dead letter(s) to ${topics.invoiceTopic}`);

    // Replayed once, so the second replay sends nothing, and the list says it was replayed.
    const again = await cli(["dlq", "replay", "--order", orderId]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("no dead letters to replay (1 replayed before, skipped)");
    const relisted = await cli(["dlq", "list", "--reason", "failed"]);
    expect(relisted.stdout).toMatch(new RegExp(`^${orderId}\\treason failed\\t.*\\treplayed$`, "m"));
    const replays = await pool.query("SELECT count(*)::int AS n FROM invoice_dead_letter_replay WHERE order_id = $1", [orderId]);
    expect(replays.rows[0].n).toBe(1);
    const onTopic = distinct(await readTopic(config.kafka.brokers, topics.invoiceTopic, (v) => v.orderId === orderId, () => false, 5000));
    expect(onTopic).toHaveLength(1);

    let app: RunningApp | undefined;
    try {
      app = await startApp({
        ROLE: "consumer",
        DATABASE_URL: database.url,
        KAFKA_CONSUMER_GROUP: `test-cli-${randomUUID()}`,
        DELIVERY_RETRY_BACKOFF_MS: "50",
        ...topics.env,
      });
      const deliveries = async (): Promise<number> =>
        (await pool.query("SELECT count(*)::int AS n FROM award_delivery WHERE order_id = $1", [orderId])).rows[0].n;
      expect(await eventually(async () => (await deliveries()) > 0, 60_000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(await deliveries()).toBe(1);
      const granted = await pool.query("SELECT grant_state FROM user_strategy_export WHERE order_id = $1", [orderId]);
      expect(granted.rows[0].grant_state).toBe(1);
    } finally {
      await app?.stop();
    }
  }, 120_000);

  it("lists every dead letter of a long topic, down to the last one written", async () => {
    // A topic of its own, so the count is exact. Piped into another program, the listing once
    // lost its last lines (the CLI exited before stdout was flushed).
    const long = ownTopics("cli-long");
    await kafka.ensureTopics(applicationTopics(config.kafka.invoicePartitions, { invoiceTopic: long.invoiceTopic, deadLetterTopic: long.deadLetterTopic }));
    const orderIds = Array.from({ length: 3000 }, () => String(uniqueId()));
    for (let i = 0; i < orderIds.length; i += 500) {
      const letters = orderIds.slice(i, i + 500).map((orderId) => ({
        key: `user-${orderId}`,
        value: JSON.stringify({ orderId }),
        headers: { "message-id": orderId, "x-error": "no order with this orderId", "x-attempts": "1" },
      }));
      await kafka.send(long.deadLetterTopic, letters, 10_000);
    }

    const listed = await cli(["dlq", "list"], long.env);
    expect(listed.stderr).toBe("");
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trimEnd().split("\n");
    expect(lines[lines.length - 1]).toBe(`3000 dead letter(s) in ${long.deadLetterTopic}, 0 of them replayed`);
    const listedIds = new Set(lines.slice(0, -1).map((line) => line.split("\t")[0]));
    expect(orderIds.filter((orderId) => !listedIds.has(orderId))).toEqual([]);
  }, 120_000);

  it.each([
    [[], /usage: lottery/],
    [["launch"], /unknown command "launch"/],
    [["state", "abc", "doing"], /activityId must be a positive integer \(got "abc"\)/],
    [["state", "1", "explode"], /unknown action "explode"/],
    [["deploy"], /deploy: expected 1 argument/],
    [["deploy", "/nonexistent/activity.json"], /cannot read \/nonexistent\/activity.json/],
    [["dlq", "replay", "--order"], /--order needs an orderId/],
    [["dlq", "list", "--reason", "boredom"], /--reason needs one of malformed, unknown_order, failed \(got "boredom"\)/],
  ])("refuses bad arguments %j with exit code 2 and a message", async (args, message) => {
    const run = await cli(args as string[]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it("refuses an invalid activity file, naming the field, with exit code 2", async () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ ...ActivityRequestMother.reference(), stockCount: -1 }));
    const run = await cli(["deploy", file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/stockCount/);
  });

  it("names PostgreSQL and exits 1, quickly, when the database is unreachable", async () => {
    const started = Date.now();
    const run = await cli(["summary"], { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/lottery" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:1/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
