#!/usr/bin/env node
import "reflect-metadata";
import { readFileSync } from "node:fs";
import { ChangeActivityStateUseCase } from "../../application/activity/change-activity-state.use-case";
import { DeployActivityUseCase } from "../../application/activity/deploy-activity.use-case";
import { ResendStuckInvoicesUseCase } from "../../application/compensation/resend-stuck-invoices.use-case";
import { ConfigError, loadConfig } from "../../config/config";
import { ActivityState, type ActivityAction } from "../../domain/activity/activity-state";
import { OrderProgress } from "../../domain/award/draw-order.entity";
import { awardTypeName } from "../../domain/award/award-type";
import { KafkaInvoicePublisher } from "../../infrastructure/kafka/invoice.kafka-publisher";
import { INVOICE_DEAD_LETTER_TOPIC, INVOICE_TOPIC } from "../../infrastructure/kafka/kafka-topics";
import { createLogger } from "../../infrastructure/logging/logger";
import { PrismaActivityRepository } from "../../infrastructure/persistence/activity.prisma-repository";
import { PgDrawOrderRepository } from "../../infrastructure/persistence/draw-order.pg-repository";
import { PgOutboxRepository } from "../../infrastructure/persistence/outbox.pg-repository";
import { ACTIVITY_ACTIONS, DeployActivityRequest, deployCommandOf } from "../http/activity.request";
import { deployedActivityJson } from "../http/activity.response";
import { UnreachableError, UsageError } from "./cli-errors";
import { CliServices } from "./cli-services";
import { readDeadLetters } from "./dead-letters";
import { Progress } from "./progress";

const USAGE = `usage: lottery <command> [arguments]

commands:
  deploy <file.json>               deploy an activity (body as POST /api/v1/activities); prints its id and state
  state <activityId> <action>      move an activity: ${ACTIVITY_ACTIONS.join(", ")}
  order <orderId>                  show an order and its delivery (JSON)
  stuck [--resend]                 list orders whose invoice send failed (mq_state 2) or never finished
                                   (mq_state 0 older than SCANNER_STALE_AFTER_MS); --resend re-sends them all
  dlq list                         list the dead letters of ${INVOICE_DEAD_LETTER_TOPIC}
  dlq replay [--order <orderId>]   send dead letters (all, or one order's) back to ${INVOICE_TOPIC}
  summary                          per activity: stock, surplus, takes, wins, granted, pending
  help, --help                     this text

The connection settings are the service's environment (DATABASE_URL, KAFKA_BROKERS, ...).
Exit codes: 0 done, 1 failed or a service unreachable, 2 bad arguments.`;

type Command = (services: CliServices, args: string[]) => Promise<void>;

const COMMANDS: Record<string, Command> = { deploy, state, order, stuck, dlq, summary };

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Thrown for a refused operation (unknown order, state conflict): exit 1 with the message. */
class CommandFailed extends Error {}

async function deploy(services: CliServices, args: string[]): Promise<void> {
  expectArgs(args, 1, "deploy <file.json>");
  const file = args[0];
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = DeployActivityRequest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${file}: ${issue.path.length > 0 ? issue.path.join(".") : "body"}: ${issue.message}`);
  }
  const body = parsed.data;
  const useCase = new DeployActivityUseCase(new PrismaActivityRepository(await services.prisma()));
  const result = await useCase.execute(deployCommandOf(body));
  if (!result.ok) throw new CommandFailed(`${result.error.code}: ${result.error.message}`);
  const deployed = deployedActivityJson(result.value);
  out(`deployed activity ${deployed.activityId} (state ${deployed.state})`);
}

async function state(services: CliServices, args: string[]): Promise<void> {
  expectArgs(args, 2, "state <activityId> <action>");
  const activityId = positiveInteger(args[0], "activityId");
  const action = args[1];
  if (!(ACTIVITY_ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(`unknown action "${action}": use one of ${ACTIVITY_ACTIONS.join(", ")}`);
  }
  const useCase = new ChangeActivityStateUseCase(new PrismaActivityRepository(await services.prisma()));
  const result = await useCase.execute(activityId, action as ActivityAction);
  if (!result.ok) throw new CommandFailed(`${result.error.code}: ${result.error.message}`);
  out(`activity ${activityId}: ${ActivityState[result.value.from]} -> ${ActivityState[result.value.to]}`);
}

async function order(services: CliServices, args: string[]): Promise<void> {
  expectArgs(args, 1, "order <orderId>");
  const orderId = BigInt(positiveDecimal(args[0], "orderId"));
  const orders = new PgDrawOrderRepository(await services.pool());
  const found = await orders.findOrder(orderId);
  if (!found) throw new CommandFailed(`no order ${orderId}`);
  const delivery = await orders.findDelivery(orderId);
  const o = found.toProps();
  const json = {
    orderId: o.orderId.toString(),
    takeId: o.takeId.toString(),
    uId: o.uId,
    activityId: o.activityId,
    strategyId: o.strategyId,
    award: { awardId: o.awardId, type: awardTypeName(o.awardType), name: o.awardName, content: o.awardContent },
    shippingAddress: o.shippingAddress,
    grantState: OrderProgress[o.grantState],
    mqState: OrderProgress[o.mqState],
    createdAt: o.createdAt.toISOString(),
    delivery: delivery ? { deliveryRef: delivery.deliveryRef, deliveredAt: delivery.deliveredAt.toISOString() } : null,
  };
  out(JSON.stringify(json, null, 2));
}

async function stuck(services: CliServices, args: string[]): Promise<void> {
  const resend = args.includes("--resend");
  const unknown = args.filter((a) => a !== "--resend");
  if (unknown.length > 0) throw new UsageError(`stuck: unexpected argument "${unknown[0]}" (usage: stuck [--resend])`);
  const pool = await services.pool();
  const staleAfterMs = services.config.scanner.staleAfterMs;
  const { rows } = await pool.query<{ order_id: string; u_id: string; activity_id: string; mq_state: number; created_at: Date }>(
    `SELECT order_id::text, u_id, activity_id::text, mq_state, created_at FROM user_strategy_export
     WHERE mq_state = 2 OR (mq_state = 0 AND created_at < now() - $1 * interval '1 millisecond')
     ORDER BY created_at LIMIT 1000`,
    [staleAfterMs],
  );
  const { rows: counted } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM user_strategy_export
     WHERE mq_state = 2 OR (mq_state = 0 AND created_at < now() - $1 * interval '1 millisecond')`,
    [staleAfterMs],
  );
  const total = counted[0].n;
  for (const r of rows) {
    out(`${r.order_id}\tuser ${r.u_id}\tactivity ${r.activity_id}\tmq_state ${OrderProgress[r.mq_state]}\t${r.created_at.toISOString()}`);
  }
  if (total > rows.length) out(`... and ${total - rows.length} more`);
  out(`${total} stuck invoice(s)`);
  if (!resend || total === 0) return;

  const kafka = await services.kafka();
  const scanner = new ResendStuckInvoicesUseCase(
    new PgOutboxRepository(pool),
    new KafkaInvoicePublisher(kafka, Math.max(services.config.kafka.sendTimeoutMs, services.config.kafka.requestTimeoutMs), services.config.kafka.invoiceTopic),
    { batchSize: services.config.scanner.batchSize, staleAfterMs, maxBatches: 1 },
    services.log,
  );
  const progress = new Progress("re-sending", total);
  let resent = 0;
  for (;;) {
    const result = await scanner.execute();
    if (result.failed > 0) {
      progress.finish();
      throw new UnreachableError(`re-send to ${services.config.kafka.invoiceTopic} failed after ${resent} re-sent; the rest stay at mq_state FAIL for the scanner`);
    }
    if (result.resent === 0) break;
    resent += result.resent;
    progress.advance(result.resent);
  }
  progress.finish();
  out(`re-sent ${resent} invoice(s)`);
}

async function dlq(services: CliServices, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === "list") {
    if (rest.length > 0) throw new UsageError(`dlq list: unexpected argument "${rest[0]}"`);
    await services.kafka();
    const letters = await readDeadLetters(services.config);
    for (const l of letters) {
      out(`${l.orderId ?? "(no orderId)"}\tattempts ${l.attempts ?? "?"}\terror ${l.error ?? "?"}\t(partition ${l.partition}, offset ${l.offset})`);
    }
    out(`${letters.length} dead letter(s) in ${services.config.kafka.deadLetterTopic}`);
    return;
  }
  if (sub === "replay") {
    let only: string | undefined;
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === "--order") {
        if (rest[i + 1] === undefined) throw new UsageError("dlq replay: --order needs an orderId");
        only = positiveDecimal(rest[++i], "orderId");
      } else {
        throw new UsageError(`dlq replay: unexpected argument "${rest[i]}" (usage: dlq replay [--order <orderId>])`);
      }
    }
    const kafka = await services.kafka();
    const letters = (await readDeadLetters(services.config)).filter((l) => only === undefined || l.orderId === only);
    if (letters.length === 0) {
      if (only !== undefined) throw new CommandFailed(`no dead letter for order ${only} in ${services.config.kafka.deadLetterTopic}`);
      out("no dead letters to replay");
      return;
    }
    const progress = new Progress("replaying", letters.length);
    const timeoutMs = Math.max(services.config.kafka.sendTimeoutMs, services.config.kafka.requestTimeoutMs);
    for (let i = 0; i < letters.length; i += 100) {
      const chunk = letters.slice(i, i + 100);
      await kafka.send(
        services.config.kafka.invoiceTopic,
        chunk.map((l) => {
          const messageId = l.messageId ?? l.orderId;
          return { key: l.key, value: l.value, headers: messageId === undefined ? {} : { "message-id": messageId } };
        }),
        timeoutMs,
      );
      progress.advance(chunk.length);
    }
    progress.finish();
    out(`replayed ${letters.length} dead letter(s) to ${services.config.kafka.invoiceTopic}`);
    return;
  }
  throw new UsageError(sub === undefined ? "dlq: missing subcommand (list or replay)" : `dlq: unknown subcommand "${sub}" (list or replay)`);
}

async function summary(services: CliServices, args: string[]): Promise<void> {
  expectArgs(args, 0, "summary");
  const pool = await services.pool();
  const { rows } = await pool.query<{
    activity_id: string;
    activity_name: string;
    state: number;
    stock_count: number;
    stock_surplus_count: number;
    takes: number;
    wins: number;
    granted: number;
    pending: number;
    failed: number;
  }>(
    `SELECT a.activity_id::text, a.activity_name, a.state, a.stock_count, a.stock_surplus_count,
            (SELECT count(*)::int FROM user_take_activity t WHERE t.activity_id = a.activity_id) AS takes,
            count(o.order_id)::int AS wins,
            count(o.order_id) FILTER (WHERE o.grant_state = 1)::int AS granted,
            count(o.order_id) FILTER (WHERE o.grant_state = 0)::int AS pending,
            count(o.order_id) FILTER (WHERE o.grant_state = 2)::int AS failed
     FROM activity a LEFT JOIN user_strategy_export o ON o.activity_id = a.activity_id
     GROUP BY a.activity_id ORDER BY a.activity_id`,
  );
  out(["activity", "name", "state", "stock", "surplus", "takes", "wins", "granted", "pending", "failed"].join("\t"));
  for (const r of rows) {
    out(
      [r.activity_id, r.activity_name, ActivityState[r.state] ?? r.state, r.stock_count, r.stock_surplus_count, r.takes, r.wins, r.granted, r.pending, r.failed].join(
        "\t",
      ),
    );
  }
  out(`${rows.length} activit${rows.length === 1 ? "y" : "ies"}`);
}

function expectArgs(args: string[], count: number, usage: string): void {
  if (args.length !== count) throw new UsageError(`${usage.split(" ")[0]}: expected ${count} argument(s), got ${args.length} (usage: ${usage})`);
}

function positiveInteger(text: string, name: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value <= 0) throw new UsageError(`${name} must be a positive integer (got "${text}")`);
  return value;
}

function positiveDecimal(text: string, name: string): string {
  if (!/^[1-9]\d{0,18}$/.test(text)) throw new UsageError(`${name} must be a positive integer (got "${text}")`);
  return text;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? process.stderr : process.stdout).write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`lottery: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let config;
  try {
    config = loadConfig(process.env, { role: "api" });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`lottery: ${error.message}\n`);
    return 2;
  }
  const services = new CliServices(config, createLogger("silent"));
  try {
    await command(services, args);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`lottery: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof UnreachableError || error instanceof CommandFailed) {
      process.stderr.write(`lottery: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`lottery: ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await services.close();
  }
}

/**
 * Exits once stdout and stderr have handed everything to the OS: on a pipe, Node writes
 * asynchronously, and a bare process.exit() drops what is still queued (a long `dlq list`
 * used to lose its last lines when read by another program).
 */
function exitAfterFlush(code: number): void {
  let open = 2;
  const flushed = (): void => {
    if (--open === 0) process.exit(code);
  };
  process.stdout.write("", flushed);
  process.stderr.write("", flushed);
}

main(process.argv.slice(2)).then(exitAfterFlush, (error: unknown) => {
  process.stderr.write(`lottery: ${error instanceof Error ? error.stack : String(error)}\n`);
  exitAfterFlush(1);
});
