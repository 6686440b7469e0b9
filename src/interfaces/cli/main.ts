#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { ConfigError, loadConfig } from "../../config/config";
import { ActivityState, type ActivityAction } from "../../domain/activity/activity-state";
import { awardTypeName } from "../../domain/award/award-type";
import { GrantState, OrderProgress } from "../../domain/award/draw-order.entity";
import { DEAD_LETTER_REASONS } from "../../application/ports/dead-letter-log.port";
import { Activity } from "../../composition/activity.module";
import { Draw } from "../../composition/draw.module";
import { Operator } from "../../composition/operator.module";
import { ACTIVITY_ACTIONS, DeployActivityRequest, deployCommandOf } from "../contract/activity.request";
import { deployedActivityJson } from "../contract/activity.response";
import { PLAIN_MESSAGES, describeIssue } from "../contract/issue-message";
import { ACTIVITIES_USAGE, activities } from "./activities.command";
import { campaign } from "./campaign.commands";
import { printJson } from "./cli-args";
import { codes } from "./codes.commands";
import { dlq } from "./dlq.commands";
import { CommandFailed, UnreachableError, UsageError } from "./cli-errors";
import { CliServices } from "./cli-services";
import { withLocalBroker } from "./local-broker";
import { Progress } from "./progress";
import { formatTable } from "./table";

const USAGE = `usage: lottery <command> [arguments]

commands:
  deploy <file.json>               deploy an activity (body as POST /api/v1/activities); prints its id and state
  state <activityId> <action>      move an activity: ${ACTIVITY_ACTIONS.join(", ")}
  ${ACTIVITIES_USAGE}
                                   list activities (20 a page, by id; --all every page); REST's page as --json
  order <orderId> [--json]         show an order and its delivery (always JSON)
  stuck [--resend] [--json]        list orders whose invoice send failed (mq_state 2) or never finished
                                   (mq_state 0 older than SCANNER_STALE_AFTER_MS); --resend re-sends them all
  dlq list [--reason <reason>] [--json]
                                   list the dead letters of the dead-letter topic (lottery_invoice.dlq; reason: ${DEAD_LETTER_REASONS.join(", ")}),
                                   each marked "replayed" once a replay has sent it back
  dlq replay [--order <orderId>] [--reason <reason>] [--dry-run]
                                   send the dead letters not replayed yet (all, one order's, or one reason's)
                                   back to the invoice topic (lottery_invoice); --dry-run only shows what it would send
  summary [--json]                 per activity: stock, surplus, takes, wins, granted, pending, failed
  campaign create <file.json>      create a bulk grant campaign (body as POST /api/v1/campaigns)
  campaign recipients <id> <file>  add recipients: one uId per line (.ndjson: {"uId":...} per line; .gz read as gzip)
  campaign start|pause|resume <id> move a campaign
  campaign status <id> [--watch] [--json]
                                   its progress (JSON); --watch redraws it until the campaign is DONE
  codes import <activityId> <awardId> <file>
                                   add redeem codes to a REDEEM_CODE award's pool: one code per line (.gz read as gzip);
                                   prints added, duplicates and the bad lines
  codes import --campaign <id> <file>
                                   the same for the pool a REDEEM_CODE campaign's grants draw from
  codes status <activityId> <awardId> | codes status --campaign <id>
                                   the pool's codes: {"total","used","free"}
  help, --help                     this text

The connection settings are the service's environment (DATABASE_URL, KAFKA_BROKERS, ...). Without
KAFKA_BROKERS the CLI uses the broker \`npm start\` runs for this checkout (.tmp/kafka), if one runs.
Exit codes: 0 done, 1 failed or a service unreachable, 2 bad arguments.`;

type Command = (services: CliServices, args: string[]) => Promise<void>;

const COMMANDS: Record<string, Command> = { deploy, state, order, stuck, dlq, summary, activities, campaign, codes };

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}


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
  const parsed = DeployActivityRequest.safeParse(json, PLAIN_MESSAGES);
  if (!parsed.success) throw new UsageError(`${file}: ${describeIssue(parsed.error.issues[0], "body")}`);
  const body = parsed.data;
  const useCase = await services.withPostgres(Activity.deploy);
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
  const useCase = await services.withPostgres(Activity.changeState);
  const result = await useCase.execute(activityId, action as ActivityAction);
  if (!result.ok) throw new CommandFailed(`${result.error.code}: ${result.error.message}`);
  out(`activity ${activityId}: ${ActivityState[result.value.from]} -> ${ActivityState[result.value.to]}`);
}

async function order(services: CliServices, args: string[]): Promise<void> {
  // Always JSON; --json is accepted so that every read command takes it.
  args = args.filter((arg) => arg !== "--json");
  expectArgs(args, 1, "order <orderId>");
  const orderId = BigInt(positiveDecimal(args[0], "orderId"));
  const found = await (await services.withPostgres(Draw.orderQueries)).order(orderId);
  if (!found) throw new CommandFailed(`no order ${orderId}`);
  const { delivery } = found;
  const o = found.order.toProps();
  const json = {
    orderId: o.orderId.toString(),
    takeId: o.takeId?.toString() ?? null,
    campaignId: o.campaignId,
    uId: o.uId,
    activityId: o.activityId,
    strategyId: o.strategyId,
    award: { awardId: o.awardId, type: awardTypeName(o.awardType), name: o.awardName, content: o.awardContent },
    shippingAddress: o.shippingAddress,
    grantState: GrantState[o.grantState],
    mqState: OrderProgress[o.mqState],
    createdAt: o.createdAt.toISOString(),
    delivery: delivery ? { deliveryRef: delivery.deliveryRef, deliveredAt: delivery.deliveredAt?.toISOString() ?? null } : null,
  };
  out(JSON.stringify(json, null, 2));
}

async function stuck(services: CliServices, args: string[]): Promise<void> {
  const resend = args.includes("--resend");
  const json = args.includes("--json");
  const unknown = args.filter((a) => a !== "--resend" && a !== "--json");
  if (unknown.length > 0) throw new UsageError(`stuck: unexpected argument "${unknown[0]}" (usage: stuck [--resend] [--json])`);
  if (resend && json) throw new UsageError("stuck: --json lists; --resend re-sends: use one at a time");
  // --resend shows the bar, not the orders first (plain `stuck` lists them): it asks for none.
  const { orders, total } = await (await services.withPostgres(Operator.queries)).stuck(resend ? 0 : 1000);
  if (json) {
    printJson({
      total,
      orders: orders.map((o) => ({ orderId: o.orderId.toString(), uId: o.uId, activityId: o.toProps().activityId, mqState: OrderProgress[o.mqState], createdAt: o.toProps().createdAt.toISOString() })),
    });
    return;
  }
  for (const o of orders) {
    out(`${o.orderId}\tuser ${o.uId}\tactivity ${o.toProps().activityId}\tmq_state ${OrderProgress[o.mqState]}\t${o.toProps().createdAt.toISOString()}`);
  }
  if (total > orders.length && !resend) out(`... and ${total - orders.length} more`);
  out(`${total} stuck invoice(s)`);
  if (!resend || total === 0) return;

  const progress = new Progress("re-sending", total);
  const result = await (await services.withKafka(Operator.resendAllStuck)).execute((count) => progress.advance(count));
  progress.finish();
  if (result.error !== undefined) {
    throw new UnreachableError(`re-send to ${services.config.kafka.invoiceTopic} failed after ${result.resent} re-sent (${result.error}); the rest stay at mq_state FAIL for the scanner`);
  }
  out(`re-sent ${result.resent} invoice(s)`);
}

async function summary(services: CliServices, args: string[]): Promise<void> {
  const json = args.includes("--json");
  expectArgs(args.filter((arg) => arg !== "--json"), 0, "summary [--json]");
  const rows = await (await services.withPostgres(Operator.queries)).summary();
  const activities = rows.map((r) => ({
    activityId: r.activityId,
    name: r.name,
    state: ActivityState[r.state] ?? String(r.state),
    stock: r.stockCount,
    surplus: r.stockSurplusCount,
    takes: r.takes,
    wins: r.wins,
    granted: r.granted,
    pending: r.pending,
    failed: r.failed,
  }));
  if (json) {
    printJson({ activities });
    return;
  }
  const table = formatTable(
    ["activity", "name", "state", "stock", "surplus", "takes", "wins", "granted", "pending", "failed"],
    activities.map((a) => [String(a.activityId), a.name, a.state, a.stock, a.surplus, a.takes, a.wins, a.granted, a.pending, a.failed]),
  );
  for (const line of table) out(line);
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
  const { env, kafkaOrigin } = withLocalBroker(process.env);
  try {
    config = loadConfig(env, { role: "api" });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`lottery: ${error.message}\n`);
    return 2;
  }
  const services = new CliServices(config, kafkaOrigin);
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
