import { z } from "zod";
import { MAX_REDEEM_CODE_CHARACTERS } from "../../domain/award/redeem-code-line";

/** POST …/redeem-codes, 200 (import-redeem-codes.use-case.ts ImportReport). */
export const RedeemCodeImportResponse = z.strictObject({
  added: z.number().int().describe("codes new to the pool"),
  duplicates: z.number().int().describe("codes the pool held already (from this import or an earlier one), added nothing"),
  invalid: z
    .array(z.strictObject({ line: z.number().int().describe("1-based line number"), reason: z.enum(["empty", `longer than ${MAX_REDEEM_CODE_CHARACTERS} characters`, "not printable"]) }))
    .describe("the first 100 bad lines, skipped"),
  invalidCount: z.number().int().describe("all bad lines, also those past the first 100"),
});

/** GET …/redeem-codes, 200. */
export const RedeemCodePoolResponse = z.strictObject({
  total: z.number().int().describe("codes in the pool: imported, and generated ones (handed out as they are made)"),
  used: z.number().int().describe("codes handed to an order"),
  free: z.number().int().describe("codes left to hand out"),
});
