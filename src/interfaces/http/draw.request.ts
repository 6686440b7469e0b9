import { z } from "zod";
import { EXPECT_INTEGER } from "../contract/issue-message";

/** 1 to 64 printable characters (no control or format characters), as DOMAIN.md requires of uId. */
export const UserId = z.string().regex(/^[^\p{C}]{1,64}$/u, "must be 1 to 64 printable characters");

export const DrawRequest = z.strictObject({
  uId: UserId,
  activityId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  shippingAddress: z
    .record(z.string().max(64), z.string().max(512))
    .refine((address) => Object.keys(address).length <= 16, "must have at most 16 fields")
    .nullable()
    .optional(),
});
export type DrawRequest = z.infer<typeof DrawRequest>;

export const OrderIdParam = z.string().regex(/^[1-9]\d{0,18}$/, "must be a decimal order id");

export const UserDrawsQuery = z.strictObject({
  activityId: z.coerce.number(EXPECT_INTEGER).int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  page: z.coerce.number(EXPECT_INTEGER).int().min(1).default(1),
  size: z.coerce.number(EXPECT_INTEGER).int().min(1).max(100).default(20),
});

/** Idempotency-Key header: printable ASCII, as most gateways generate (UUIDs and the like). */
export const IdempotencyKey = z.string().regex(/^[\x21-\x7E]{1,128}$/, "must be 1 to 128 printable ASCII characters");
