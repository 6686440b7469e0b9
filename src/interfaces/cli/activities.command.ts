import { ActivityState } from "../../domain/activity/activity-state";
import type { Activity } from "../../domain/activity/activity.entity";
import { Activity as ActivitySlice } from "../../composition/activity.module";
import { ACTIVITY_STATE_NAMES } from "../contract/activity.request";
import { activityJson } from "../contract/activity.response";
import { CliArgs, printJson } from "./cli-args";
import { UsageError } from "./cli-errors";
import type { CliServices } from "./cli-services";
import { formatTable } from "./table";

export const ACTIVITIES_USAGE = "activities [--state <state>] [--page <n>] [--size <n>] [--all] [--json]";
/** The REST list's largest page (GET /api/v1/activities). */
const MAX_PAGE_SIZE = 100;

/** `lottery activities`: the activities as GET /api/v1/activities pages them, or all of them. */
export async function activities(services: CliServices, args: string[]): Promise<void> {
  const options = new CliArgs("activities", args, ACTIVITIES_USAGE);
  const json = options.flag("--json");
  const all = options.flag("--all");
  const stateName = options.option("--state");
  const page = options.positiveInteger("--page") ?? 1;
  const size = options.positiveInteger("--size") ?? 20;
  options.positionals(0);
  if (size > MAX_PAGE_SIZE) throw new UsageError(`activities: --size must be at most ${MAX_PAGE_SIZE} (got ${size})`);
  if (stateName !== undefined && !(ACTIVITY_STATE_NAMES as readonly string[]).includes(stateName)) {
    throw new UsageError(`activities: --state must be one of ${ACTIVITY_STATE_NAMES.join(", ")} (got "${stateName}")`);
  }
  if (all && args.some((arg) => arg === "--page" || arg === "--size")) throw new UsageError("activities: --all lists every page; leave out --page and --size");
  const state = stateName === undefined ? undefined : ActivityState[stateName as keyof typeof ActivityState];

  const queries = await services.withPostgres(ActivitySlice.queries);
  if (all) {
    const items: Activity[] = [];
    let total = 0;
    for (let p = 1; ; p++) {
      const chunk = await queries.list(p, MAX_PAGE_SIZE, state);
      items.push(...chunk.items);
      total = chunk.total;
      if (chunk.items.length < MAX_PAGE_SIZE || items.length >= total) break;
    }
    if (json) printJson({ total, items: items.map(activityJson) });
    else print(items, `${items.length} activit${items.length === 1 ? "y" : "ies"}`);
    return;
  }
  const found = await queries.list(page, size, state);
  if (json) {
    printJson({ page, size, total: found.total, items: found.items.map(activityJson) });
    return;
  }
  const pages = Math.max(1, Math.ceil(found.total / size));
  const more = page < pages ? ` (--page ${page + 1} for the next, --all for every one)` : "";
  print(found.items, `page ${page} of ${pages}: ${found.items.length} of ${found.total} activit${found.total === 1 ? "y" : "ies"}${more}`);
}

function print(items: Activity[], footer: string): void {
  const rows = items.map((activity) => {
    const a = activity.toProps();
    return [String(a.activityId), a.name, ActivityState[a.state], a.stockCount, a.stockSurplusCount, a.takeCount, a.beginAt.toISOString(), a.endAt.toISOString()];
  });
  for (const line of formatTable(["activity", "name", "state", "stock", "surplus", "takes/user", "begins", "ends"], rows)) process.stdout.write(`${line}\n`);
  process.stdout.write(`${footer}\n`);
}
