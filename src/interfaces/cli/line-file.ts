import { createReadStream, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { UsageError } from "./cli-errors";

/** Reading an upload file (recipients, redeem codes) line by line; a .gz file is read as gzip. */

function open(file: string): Readable {
  try {
    statSync(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const stream = createReadStream(file);
  return /\.gz$/i.test(file) ? stream.pipe(createGunzip()) : stream;
}

/** The file's lines, streamed (a file of millions of lines takes the memory of a few). */
export async function* linesOf(file: string): AsyncGenerator<string> {
  yield* createInterface({ input: open(file), crlfDelay: Infinity });
}

/** Lines in the file, for the progress bar's total: one quick read counting newlines. */
export async function countLines(file: string): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of open(file)) {
    const buffer = chunk as Buffer;
    for (let i = 0; i < buffer.length; i++) if (buffer[i] === 10) lines++;
    if (buffer.length > 0) last = buffer[buffer.length - 1];
  }
  return last === 10 ? lines : lines + 1;
}
