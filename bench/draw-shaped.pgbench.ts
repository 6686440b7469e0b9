import { RECORD_DRAW } from "../src/infrastructure/persistence/draw-ledger.pg-repository";

/**
 * The ceiling of the draw benchmark: the service's own draw statement (RECORD_DRAW) run by
 * pgbench, with no HTTP, Node or Redis in the way. Its parameters become pgbench variables:
 * one activity, users spread as in the HTTP load, 40% wins over three awards as the bench
 * strategy's SINGLE rates give, and per-client counters for the unique take ids and stock units.
 */
export function drawShapedPgbenchScript(): string {
  const parameter: Record<string, string> = {
    "1": ":activity",
    "2": "('bench-' || :user)",
    "3": "1000000000",
    "4": ":unit",
    "5": ":activity",
    "6": "(CASE WHEN :r <= 5 THEN ARRAY['1'] WHEN :r <= 20 THEN ARRAY['2'] WHEN :r <= 40 THEN ARRAY['3'] ELSE ARRAY[]::varchar[] END)::varchar[]",
    "7": ":take",
    "8": "'bench'",
    "9": "NULL",
    "10": "NULL",
    "11": "(:take + 1000000000000000)",
    "12": "1",
    "13": "1",
    "14": "NULL",
  };
  const statement = RECORD_DRAW.replace(/\$(\d+)/g, (_, n: string) => {
    const value = parameter[n];
    if (value === undefined) throw new Error(`RECORD_DRAW has a parameter $${n} the pgbench script does not know`);
    return value;
  })
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .join(" ");
  return [
    "-- Generated from RECORD_DRAW (src/infrastructure/persistence/draw-ledger.pg-repository.ts) by bench/draw-shaped.pgbench.ts.",
    "-- Run with -D n=0 -D activity=<a DOING activity whose strategy id equals its id> -D users=<n>, at most 1024 clients.",
    "\\set n :n + 1",
    // Units in sequence across the clients, as the live stock hands them out, so concurrent wins
    // start on different award stock slots as they do in the service.
    "\\set unit :n * 1024 + :client_id",
    // Take ids of this activity's own, apart from the reference script's and the service's.
    "\\set take :activity * 1000000000 + :client_id * 10000000 + :n",
    "\\set user random(0, :users - 1)",
    "\\set r random(1, 100)",
    `${statement};`,
    "",
  ].join("\n");
}
