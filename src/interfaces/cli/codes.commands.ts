import type { RedeemCodePoolOwner } from "../../application/redeem-code/redeem-code-pool.locator";
import { RedeemCode } from "../../composition/redeem-code.module";
import { CommandFailed, UsageError } from "./cli-errors";
import type { CliServices } from "./cli-services";
import { countLines, linesOf } from "./line-file";
import { Progress } from "./progress";

const USAGE = "codes import <activityId> <awardId> <file> | import --campaign <campaignId> <file> | status <activityId> <awardId> | status --campaign <campaignId>";

/** `lottery codes ...`: the redeem-code pool routes of the REST API, from a shell, through the same use cases. */
export async function codes(services: CliServices, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case "import": {
      const { owner, rest: files } = ownerOf("import", rest);
      if (files.length !== 1) throw new UsageError(`codes import: expected one <file> (usage: ${USAGE})`);
      const file = files[0];
      const total = await countLines(file);
      const importCodes = await services.withPostgres(RedeemCode.importCodes);
      const progress = new Progress("lines", total);
      let reported = 0;
      const result = await importCodes.execute(owner, linesOf(file), (read) => {
        progress.advance(read - reported);
        reported = read;
      });
      progress.finish();
      if (!result.ok) throw new CommandFailed(`${result.error.code}: ${result.error.message}`);
      const r = result.value;
      process.stdout.write(`${describe(owner)}: ${r.added} added, ${r.duplicates} duplicates, ${r.invalidCount} invalid\n`);
      for (const bad of r.invalid) process.stdout.write(`  line ${bad.line}: ${bad.reason}\n`);
      if (r.invalidCount > r.invalid.length) process.stdout.write(`  ... and ${r.invalidCount - r.invalid.length} more invalid lines\n`);
      return;
    }
    case "status": {
      const { owner, rest: extra } = ownerOf("status", rest);
      if (extra.length !== 0) throw new UsageError(`codes status: unexpected argument "${extra[0]}" (usage: ${USAGE})`);
      const result = await (await services.withPostgres(RedeemCode.queries)).status(owner);
      if (!result.ok) throw new CommandFailed(`${result.error.code}: ${result.error.message}`);
      process.stdout.write(`${JSON.stringify(result.value)}\n`);
      return;
    }
    default:
      throw new UsageError(`codes: unknown subcommand "${sub ?? ""}" (usage: ${USAGE})`);
  }
}

/** `<activityId> <awardId> ...` or `--campaign <campaignId> ...`, and the arguments after them. */
function ownerOf(sub: string, args: string[]): { owner: RedeemCodePoolOwner; rest: string[] } {
  if (args[0] === "--campaign") {
    if (args[1] === undefined) throw new UsageError(`codes ${sub}: --campaign needs a campaignId (usage: ${USAGE})`);
    return { owner: { campaignId: positiveInteger(args[1], "campaignId") }, rest: args.slice(2) };
  }
  if (args.length < 2) throw new UsageError(`codes ${sub}: expected <activityId> <awardId> (usage: ${USAGE})`);
  const awardId = args[1];
  if (awardId.length === 0 || awardId.length > 64) throw new UsageError(`awardId must be 1 to 64 characters (got "${awardId}")`);
  return { owner: { activityId: positiveInteger(args[0], "activityId"), awardId }, rest: args.slice(2) };
}

function describe(owner: RedeemCodePoolOwner): string {
  return "campaignId" in owner ? `campaign ${owner.campaignId}` : `award ${owner.awardId} of activity ${owner.activityId}`;
}

function positiveInteger(text: string, name: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value <= 0) throw new UsageError(`${name} must be a positive integer (got "${text}")`);
  return value;
}
