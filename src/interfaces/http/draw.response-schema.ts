import { z } from "zod";
import { AWARD_TYPE_NAMES } from "../contract/activity.request";

const decimalId = z.string().regex(/^\d+$/);
const ORDER_PROGRESS_NAMES = ["INIT", "COMPLETE", "FAIL"] as const;
/** grant_state adds AWAITING_ADDRESS: a PHYSICAL prize whose shipment waits for the winner's address. */
const GRANT_STATE_NAMES = [...ORDER_PROGRESS_NAMES, "AWAITING_ADDRESS"] as const;

const AwardResponse = z.strictObject({ awardId: z.string(), type: z.enum(AWARD_TYPE_NAMES), name: z.string(), content: z.string() });

/** POST /api/v1/draws, 200 (draw.response.ts drawOutcomeJson). */
export const DrawWinResponse = z.strictObject({ result: z.literal("WIN"), orderId: decimalId, takeId: decimalId, award: AwardResponse });
export const DrawLoseResponse = z.strictObject({ result: z.literal("LOSE"), takeId: decimalId });
export const DrawOutcomeResponse = z.discriminatedUnion("result", [DrawWinResponse, DrawLoseResponse]);

/** An order (draw.response.ts orderJson). */
export const OrderResponse = z.strictObject({
  orderId: decimalId,
  uId: z.string(),
  activityId: z.number().int(),
  strategyId: z.number().int(),
  /** Null for a campaign grant, which consumes no take. */
  takeId: decimalId.nullable(),
  /** The bulk grant campaign of a campaign grant (activityId 0 then), null for a won prize. */
  campaignId: z.number().int().nullable(),
  award: AwardResponse,
  shippingAddress: z.record(z.string(), z.string()).nullable(),
  grantState: z.enum(GRANT_STATE_NAMES),
  mqState: z.enum(ORDER_PROGRESS_NAMES),
  createdAt: z.iso.datetime(),
});

/** GET /api/v1/draws/{orderId}, 200: the order and its delivery, if delivered. */
export const OrderWithDeliveryResponse = OrderResponse.extend({
  delivery: z.strictObject({ deliveryRef: z.string(), deliveredAt: z.iso.datetime() }).nullable(),
});

/** GET /api/v1/users/{uId}/draws, 200. */
export const UserDrawsResponse = z.strictObject({
  uId: z.string(),
  page: z.number().int().min(1),
  size: z.number().int().min(1),
  /** Orders of the user (of the activity, when asked) over all pages. */
  total: z.number().int().min(0),
  items: z.array(OrderResponse),
});

/** PUT /api/v1/draws/{orderId}/shipping-address, 200. */
export const ShippingAddressResponse = z.strictObject({
  orderId: decimalId,
  shipmentId: z.string().optional(),
  state: z.enum(["READY_TO_SHIP", "ADDRESS_SAVED"]),
});
