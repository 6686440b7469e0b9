import type { DrawOrder, ShippingAddress } from "../../domain/award/draw-order.entity";

export interface DrawCommand {
  uId: string;
  activityId: number;
  shippingAddress: ShippingAddress | null;
  /** The request's Idempotency-Key header, if it had one. */
  idempotencyKey?: string;
}

/** `replayed`: the answer of an earlier request with the same Idempotency-Key, given again. */
export type DrawOutcome =
  | { result: "WIN"; takeId: bigint; order: DrawOrder; replayed: boolean }
  | { result: "LOSE"; takeId: bigint; replayed: boolean };
