import { DEAD_LETTER_REASONS, type DeadLetterReason } from "../../application/ports/dead-letter-log.port";
import { Operator } from "../../composition/operator.module";
import { printJson } from "./cli-args";
import { CommandFailed, UsageError } from "./cli-errors";
import type { CliServices } from "./cli-services";
import { Progress } from "./progress";

/** `lottery dlq list|replay`: the dead letters of the invoice topic, through the operator use cases. */
export async function dlq(services: CliServices, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === "list") {
    const json = rest.includes("--json");
    const { reason } = dlqOptions("list", rest.filter((arg) => arg !== "--json"), { order: false, dryRun: false });
    const { topic, letters } = await (await services.withKafka(Operator.queries)).listDeadLetters(reason as DeadLetterReason | undefined);
    if (json) {
      const items = letters.map((l) => ({
        orderId: l.orderId ?? null,
        reason: l.reason,
        attempts: l.attempts ?? null,
        error: l.error ?? null,
        partition: l.partition,
        offset: l.offset,
        replayed: l.replayed,
      }));
      printJson({ topic, total: letters.length, replayed: letters.filter((l) => l.replayed).length, items });
      return;
    }
    for (const l of letters) {
      const mark = l.replayed ? "\treplayed" : "";
      out(`${l.orderId ?? "(no orderId)"}\treason ${l.reason}\tattempts ${l.attempts ?? "?"}\terror ${l.error ?? "?"}\t(partition ${l.partition}, offset ${l.offset})${mark}`);
    }
    out(`${letters.length} dead letter(s) in ${topic}${reason === undefined ? "" : ` with reason ${reason}`}, ${letters.filter((l) => l.replayed).length} of them replayed`);
    return;
  }
  if (sub === "replay") {
    const { order: only, reason, dryRun } = dlqOptions("replay", rest, { order: true, dryRun: true });
    const replay = await services.withKafka(Operator.replayDeadLetters);
    let progress: Progress | undefined;
    const outcome = await replay.execute({ orderId: only, reason: reason as DeadLetterReason | undefined, dryRun }, (count, total) => {
      progress ??= new Progress("replaying", total);
      progress.advance(count);
    });
    progress?.finish();
    if (outcome === null) throw new CommandFailed(`no dead letter for order ${only} in ${services.config.kafka.deadLetterTopic}`);
    const { letters, skipped, to } = outcome;
    const skippedNote = skipped > 0 ? ` (${skipped} replayed before, skipped)` : "";
    if (dryRun) {
      for (const l of letters) out(`would replay ${l.orderId ?? "(no orderId)"}\treason ${l.reason}\t(partition ${l.partition}, offset ${l.offset})`);
      out(`dry run: would replay ${letters.length} dead letter(s) to ${to}${skippedNote}; nothing sent`);
      return;
    }
    if (letters.length === 0) {
      out(`no dead letters to replay${skippedNote}`);
      return;
    }
    out(`replayed ${letters.length} dead letter(s) to ${to}${skippedNote}`);
    return;
  }
  throw new UsageError(sub === undefined ? "dlq: missing subcommand (list or replay)" : `dlq: unknown subcommand "${sub}" (list or replay)`);
}

function dlqOptions(sub: string, rest: string[], allowed: { order: boolean; dryRun: boolean }): { order?: string; reason?: string; dryRun: boolean } {
  const usage = sub === "list" ? "dlq list [--reason <reason>]" : "dlq replay [--order <orderId>] [--reason <reason>] [--dry-run]";
  const options: { order?: string; reason?: string; dryRun: boolean } = { dryRun: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--order" && allowed.order) {
      if (rest[i + 1] === undefined) throw new UsageError(`dlq ${sub}: --order needs an orderId`);
      options.order = positiveDecimal(rest[++i], "orderId");
    } else if (arg === "--reason") {
      const value = rest[++i];
      if (value === undefined || !(DEAD_LETTER_REASONS as readonly string[]).includes(value)) {
        throw new UsageError(`dlq ${sub}: --reason needs one of ${DEAD_LETTER_REASONS.join(", ")}${value === undefined ? "" : ` (got "${value}")`}`);
      }
      options.reason = value;
    } else if (arg === "--dry-run" && allowed.dryRun) {
      options.dryRun = true;
    } else {
      throw new UsageError(`dlq ${sub}: unexpected argument "${arg}" (usage: ${usage})`);
    }
  }
  return options;
}

function positiveDecimal(text: string, name: string): string {
  if (!/^[1-9]\d{0,18}$/.test(text)) throw new UsageError(`${name} must be a positive integer (got "${text}")`);
  return text;
}

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}
