import { z } from "zod";
import type { GrantRequest } from "../../domain/award/award-distributor";
import type { AwardType } from "../../domain/award/award-type";

/** The `lottery_invoice` value (DOMAIN.md). Anything else is dead-lettered at once. */
export const InvoiceSchema = z.object({
  orderId: z.string().regex(/^[1-9]\d{0,18}$/, "must be a decimal order id"),
  uId: z.string().regex(/^[^\p{C}]{1,64}$/u, "must be 1 to 64 printable characters"),
  // 0 for a campaign grant, whose extInfo names its campaign.
  activityId: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  awardId: z.string().min(1).max(64),
  awardType: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  awardName: z.string().max(128),
  awardContent: z.string().max(1024),
  shippingAddress: z.record(z.string(), z.string()).nullable().optional(),
  extInfo: z.record(z.string(), z.unknown()).nullable().optional(),
});

/** The grant request of a message value, or the reason it is malformed. */
export function parseInvoice(value: Buffer | null): { ok: true; request: GrantRequest } | { ok: false; reason: string } {
  if (!value || value.length === 0) return { ok: false, reason: "empty message value" };
  let json: unknown;
  try {
    json = JSON.parse(value.toString("utf8"));
  } catch {
    return { ok: false, reason: "value is not JSON" };
  }
  const parsed = InvoiceSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue.path.join(".") || "value"}: ${issue.message}` };
  }
  const invoice = parsed.data;
  return {
    ok: true,
    request: {
      orderId: BigInt(invoice.orderId),
      uId: invoice.uId,
      activityId: invoice.activityId,
      awardId: invoice.awardId,
      awardType: invoice.awardType as AwardType,
      awardName: invoice.awardName,
      awardContent: invoice.awardContent,
      shippingAddress: invoice.shippingAddress ?? null,
    },
  };
}
