/** Why a line of a recipients upload is not a uId (DOMAIN.md: 1 to 64 printable characters). */
export type RecipientLineProblem = "empty" | "longer than 64 characters" | "not printable" | "not a JSON object with a string uId";

const MAX_UID_CHARACTERS = 64;
const UTF8 = new TextEncoder();
// Control and format characters (Unicode category C): a uId that holds one is not printable.
const UNPRINTABLE = /\p{C}/u;

/** The uId a line names, or the problem with it. Trailing "\r" (CRLF files) is not part of the uId. */
export function recipientOf(line: string, format: "text" | "ndjson"): { uId: string } | { problem: RecipientLineProblem } {
  const text = line.endsWith("\r") ? line.slice(0, -1) : line;
  let uId: unknown = text;
  if (format === "ndjson") {
    if (text.trim() === "") return { problem: "empty" };
    try {
      uId = (JSON.parse(text) as { uId?: unknown })?.uId;
    } catch {
      return { problem: "not a JSON object with a string uId" };
    }
    if (typeof uId !== "string") return { problem: "not a JSON object with a string uId" };
  }
  const value = uId as string;
  if (value.length === 0) return { problem: "empty" };
  if ([...value].length > MAX_UID_CHARACTERS) return { problem: "longer than 64 characters" };
  if (UNPRINTABLE.test(value)) return { problem: "not printable" };
  return { uId: value };
}

/**
 * A recipient's place in the campaign's chunks: FNV-1a (32 bits) of the uId's UTF-8 bytes. Fixed
 * here, not left to the database, so chunk ranges mean the same on every server version.
 */
export function recipientHash(uId: string): number {
  let hash = 0x811c9dc5;
  for (const byte of UTF8.encode(uId)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The hash space [0, 2^32) cut into `count` ranges of (nearly) equal width. */
export function chunkRanges(count: number): Array<{ from: number; to: number }> {
  const space = 2 ** 32;
  return Array.from({ length: count }, (_, i) => ({ from: Math.floor((space * i) / count), to: Math.floor((space * (i + 1)) / count) }));
}
