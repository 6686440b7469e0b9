/** Why a line of a redeem-code import is not a code. */
export type RedeemCodeLineProblem = "empty" | "longer than 64 characters" | "not printable";

/** The width of award_redeem_code.code, counted in characters (code points) as VARCHAR counts them. */
export const MAX_REDEEM_CODE_CHARACTERS = 64;

// Control and format characters (Unicode category C: tabs, NUL, zero-width marks, ...): a code
// holding one cannot be read out or typed by its winner.
const UNPRINTABLE = /\p{C}/u;
// Spaces around a code are what spreadsheets and editors leave behind, never part of the code.
const SURROUNDING_SPACES = /^ +| +$/g;

/**
 * The redeem code a line of an import holds, or the problem with it. A trailing "\r" (CRLF files)
 * and spaces around the code are dropped; what is left must be 1 to 64 printable characters.
 */
export function redeemCodeOf(line: string): { code: string } | { problem: RedeemCodeLineProblem } {
  const code = (line.endsWith("\r") ? line.slice(0, -1) : line).replace(SURROUNDING_SPACES, "");
  if (code.length === 0) return { problem: "empty" };
  if (characters(code) > MAX_REDEEM_CODE_CHARACTERS) return { problem: "longer than 64 characters" };
  if (UNPRINTABLE.test(code)) return { problem: "not printable" };
  return { code };
}

function characters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
