import { redeemCodeOf } from "../../../../src/domain/award/redeem-code-line";

describe("redeemCodeOf (a line of a redeem-code import)", () => {
  it("takes the line as the code", () => {
    expect(redeemCodeOf("IPAD-2026-0001")).toEqual({ code: "IPAD-2026-0001" });
  });

  it("drops the CR of a CRLF file and the spaces around the code, keeping spaces inside it", () => {
    expect(redeemCodeOf("  AB CD  \r")).toEqual({ code: "AB CD" });
  });

  it("calls an empty line, or one of spaces only, empty", () => {
    expect(redeemCodeOf("")).toEqual({ problem: "empty" });
    expect(redeemCodeOf("   \r")).toEqual({ problem: "empty" });
  });

  it("accepts 64 characters, counted as characters (not UTF-16 units), and refuses 65", () => {
    expect(redeemCodeOf("码".repeat(64))).toEqual({ code: "码".repeat(64) });
    expect(redeemCodeOf("😀".repeat(64))).toEqual({ code: "😀".repeat(64) });
    expect(redeemCodeOf("X".repeat(65))).toEqual({ problem: "longer than 64 characters" });
  });

  it("refuses control and format characters: a tab, NUL, a zero-width space", () => {
    for (const line of ["CODE\tnote", "AB\u0000CD", "AB\u200bCD", "AB\u001bCD"]) expect(redeemCodeOf(line)).toEqual({ problem: "not printable" });
  });
});
