/** How a streamed import of lines went: what was written, what the store had already, what was bad. */
export interface LineImportTally<Problem> {
  written: number;
  duplicates: number;
  /** The first 100 bad lines, by line number (1-based). */
  invalid: Array<{ line: number; reason: Problem }>;
  /** All bad lines, also those past the first 100. */
  invalidCount: number;
}

/** Items written per statement: big enough to be cheap, small enough to keep memory flat. */
const BATCH = 5_000;
const MAX_REPORTED = 100;

/**
 * Reads `lines` as they arrive, checks each with `parse` and writes the good ones `BATCH` at a
 * time with `write` (which answers how many of a batch were new), so millions of lines take no
 * more memory than one batch. A bad line is counted with its number and skipped. Shared by the
 * campaign recipients upload and the redeem-code import.
 */
export async function importLines<Item, Problem>(
  lines: AsyncIterable<string>,
  parse: (line: string) => { item: Item } | { problem: Problem },
  write: (batch: Item[]) => Promise<number>,
  onProgress?: (linesRead: number) => void,
): Promise<LineImportTally<Problem>> {
  const tally: LineImportTally<Problem> = { written: 0, duplicates: 0, invalid: [], invalidCount: 0 };
  let batch: Item[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const written = await write(batch);
    tally.written += written;
    tally.duplicates += batch.length - written;
    batch = [];
  };
  let number = 0;
  for await (const line of lines) {
    number++;
    const parsed = parse(line);
    if ("problem" in parsed) {
      tally.invalidCount++;
      if (tally.invalid.length < MAX_REPORTED) tally.invalid.push({ line: number, reason: parsed.problem });
      continue;
    }
    batch.push(parsed.item);
    if (batch.length >= BATCH) {
      await flush();
      onProgress?.(number);
    }
  }
  await flush();
  onProgress?.(number);
  return tally;
}
