import { readFileSync } from "node:fs";
import { PLAIN_MESSAGES, describeIssue } from "../contract/issue-message";
import type { CampaignQueries } from "../../application/campaign/campaign-queries";
import { Campaign } from "../../composition/campaign.module";
import type { CampaignAction } from "../../domain/campaign/campaign-state";
import { CreateCampaignRequest, createCampaignCommandOf } from "../contract/campaign.request";
import { campaignJson } from "../contract/campaign.response";
import { CommandFailed, UsageError } from "./cli-errors";
import type { CliServices } from "./cli-services";
import { countLines, linesOf } from "./line-file";
import { Progress } from "./progress";

const USAGE = "campaign create <file.json> | recipients <id> <file> | start|pause|resume <id> | status <id> [--watch]";

/** `lottery campaign ...`: the campaign routes of the REST API, from a shell. */
export async function campaign(services: CliServices, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case "create": {
      if (rest.length !== 1) throw new UsageError(`campaign create: expected <file.json> (usage: ${USAGE})`);
      const parsed = CreateCampaignRequest.safeParse(readJson(rest[0]), PLAIN_MESSAGES);
      if (!parsed.success) throw new UsageError(`${rest[0]}: ${describeIssue(parsed.error.issues[0], "body")}`);
      const result = await (await services.withPostgres(Campaign.create)).execute(createCampaignCommandOf(parsed.data));
      if (!result.ok) throw new CommandFailed(`${result.error.code}: ${result.error.message}`);
      process.stdout.write(`created campaign ${result.value.campaignId} (state OPEN)\n`);
      return;
    }
    case "recipients": {
      if (rest.length !== 2) throw new UsageError(`campaign recipients: expected <id> <file> (usage: ${USAGE})`);
      const campaignId = campaignIdOf(rest[0]);
      const file = rest[1];
      const format = /\.ndjson(\.gz)?$/i.test(file) ? "ndjson" : "text";
      const total = await countLines(file);
      const progress = new Progress("lines", total);
      let reported = 0;
      const result = await (await services.withPostgres(Campaign.upload)).execute(campaignId, linesOf(file), format, (read) => {
        progress.advance(read - reported);
        reported = read;
      });
      progress.finish();
      if (!result.ok) throw new CommandFailed(`${result.error.code}: ${result.error.message}`);
      const r = result.value;
      process.stdout.write(`campaign ${campaignId}: ${r.accepted} accepted, ${r.duplicates} duplicates, ${r.invalidCount} invalid\n`);
      for (const bad of r.invalid) process.stdout.write(`  line ${bad.line}: ${bad.reason}\n`);
      if (r.invalidCount > r.invalid.length) process.stdout.write(`  ... and ${r.invalidCount - r.invalid.length} more invalid lines\n`);
      return;
    }
    case "start":
    case "pause":
    case "resume": {
      if (rest.length !== 1) throw new UsageError(`campaign ${sub}: expected <id> (usage: ${USAGE})`);
      const change = await services.withPostgres(Campaign.changeState);
      const result = await change.execute(campaignIdOf(rest[0]), sub as CampaignAction);
      if (!result.ok) throw new CommandFailed(`${result.error.code}: ${result.error.message}`);
      process.stdout.write(`campaign ${rest[0]}: ${result.value.campaign.state}\n`);
      return;
    }
    case "status": {
      const watch = rest.includes("--watch");
      // Status is JSON; --json is accepted so that every read command takes it.
      const ids = rest.filter((arg) => arg !== "--watch" && arg !== "--json");
      if (ids.length !== 1) throw new UsageError(`campaign status: expected <id> (usage: ${USAGE})`);
      await status(await services.withPostgres(Campaign.queries), campaignIdOf(ids[0]), watch);
      return;
    }
    default:
      throw new UsageError(`campaign: unknown subcommand "${sub ?? ""}" (usage: ${USAGE})`);
  }
}

async function status(queries: CampaignQueries, campaignId: number, watch: boolean): Promise<void> {
  let view = await queries.get(campaignId);
  if (!view) throw new CommandFailed(`CAMPAIGN_NOT_FOUND: campaign ${campaignId} does not exist`);
  if (watch) {
    const total = view.progress.recipients * view.campaign.perUser;
    const progress = new Progress("granted", total);
    let shown = 0;
    for (;;) {
      progress.advance(view.progress.granted + view.progress.failed - shown);
      shown = view.progress.granted + view.progress.failed;
      if (view.campaign.state === "DONE" || view.campaign.state === "OPEN") break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      view = (await queries.get(campaignId)) ?? view;
    }
    progress.finish();
  }
  process.stdout.write(`${JSON.stringify(campaignJson(view), null, 2)}\n`);
}

function campaignIdOf(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value <= 0) throw new UsageError(`campaignId must be a positive integer (got "${text}")`);
  return value;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}
