import { randomBytes } from "node:crypto";
import { PermanentDeliveryError } from "../../application/delivery/deliver-invoice.use-case";
import { inTransaction } from "../persistence/pg-transaction";
import type { Pool, PoolClient } from "pg";
import type { GrantOutcome, GrantRequest } from "../../domain/award/award-distributor";
import { awardTypeName, type AwardType } from "../../domain/award/award-type";
import { OrderProgress, type ShippingAddress } from "../../domain/award/draw-order.entity";

/** The order row as a grant reads it, locked until the grant's transaction ends. Ids are decimal strings. */
export interface LockedOrder {
  orderId: string;
  uId: string;
  strategyId: string;
  awardId: string;
  awardType: number;
  awardName: string;
  awardContent: string;
  shippingAddress: ShippingAddress | null;
  grantState: OrderProgress;
}

/** What a type's effect did: the delivery reference and detail of the award_delivery row. */
export interface EffectResult {
  deliveryRef: string;
  detail: Record<string, unknown>;
  /** False while the grant waits for something (PHYSICAL: a shipping address); grant_state stays INIT. */
  complete: boolean;
}

/**
 * The part of a grant that differs by award type; it runs on the grant's transaction. What it
 * writes for an order must be unique per order_id (a unique key named `<table>_order_id_key`),
 * so that a racing grant of the same order fails on it rather than writing a second effect.
 */
export interface GrantEffect {
  readonly awardType: AwardType;
  apply(client: PoolClient, order: LockedOrder, request: GrantRequest): Promise<EffectResult>;
  /** For an order granted earlier whose grant_state is not COMPLETE: is that grant still waiting? */
  stillPending?(client: PoolClient, order: LockedOrder): Promise<boolean>;
}

interface OrderRow {
  order_id: string;
  u_id: string;
  strategy_id: string;
  award_id: string;
  award_type: number;
  award_name: string;
  award_content: string;
  shipping_address: ShippingAddress | null;
  grant_state: number;
  delivery_ref: string | null;
}

/**
 * Grants one order once, whatever the number of deliveries of its invoice, racing or not. In one
 * transaction: lock the order row, stop if it already has its award_delivery row, else run the
 * type's effect, insert that row and set grant_state (COMPLETE, or INIT while the grant waits).
 * A grant_state of FAIL (retries ran out earlier) is granted like INIT.
 */
export async function grantOnce(pool: Pool, request: GrantRequest, effect: GrantEffect): Promise<GrantOutcome> {
  try {
    return await grantInTransaction(pool, request, effect);
  } catch (error) {
    if (!lostRaceForSameOrder(error)) throw error;
    // A grant of the same order committed while this one waited for the order's lock, so this
    // one's snapshot missed its delivery and its effect hit that grant's unique order_id. All of
    // it was rolled back. A new transaction sees the delivery and answers as for a redelivery.
    return grantInTransaction(pool, request, effect);
  }
}

async function grantInTransaction(pool: Pool, request: GrantRequest, effect: GrantEffect): Promise<GrantOutcome> {
  return inTransaction(pool, (client) => grantWithin(client, request, effect));
}

/** A unique violation on the order_id of award_delivery or of a type's table (award_coupon_order_id_key, ...). */
function lostRaceForSameOrder(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === "23505" && typeof e.constraint === "string" && e.constraint.endsWith("_order_id_key");
}

async function grantWithin(client: PoolClient, request: GrantRequest, effect: GrantEffect): Promise<GrantOutcome> {
  // One round trip for the lock and the earlier delivery. The delivery is read in the snapshot
  // taken before the lock was granted: a delivery seen is real, but one committed while this
  // statement waited is missed (see grantOnce for how that race ends).
  const locked = await client.query<OrderRow>({
    name: "grant-lock-order",
    text: `SELECT o.order_id::text, o.u_id, o.strategy_id::text, o.award_id, o.award_type, o.award_name, o.award_content,
                  o.shipping_address, o.grant_state, d.delivery_ref
           FROM user_strategy_export o LEFT JOIN award_delivery d ON d.order_id = o.order_id
           WHERE o.order_id = $1::bigint FOR UPDATE OF o`,
    values: [request.orderId.toString()],
  });
  const row = locked.rows[0];
  if (!row) return { kind: "ORDER_NOT_FOUND" };
  const order = toLockedOrder(row);
  if (order.awardType !== effect.awardType) {
    // The invoice and its order disagree: a bug upstream, not something a retry would fix.
    throw new PermanentDeliveryError(
      `order ${order.orderId} is a ${awardTypeName(order.awardType as AwardType) ?? order.awardType} prize, not ${awardTypeName(effect.awardType)}`,
    );
  }
  if (row.delivery_ref !== null) return alreadyDelivered(client, order, effect, row.delivery_ref);

  const result = await effect.apply(client, order, request);
  await client.query({
    name: "grant-record-delivery",
    text: `WITH delivery AS (
             INSERT INTO award_delivery (order_id, u_id, award_id, award_type, delivery_ref, detail, delivered_at)
             VALUES ($1::bigint, $2::varchar, $3::varchar, $4::smallint, $5::varchar, $6::jsonb, now())
             RETURNING order_id
           )
           UPDATE user_strategy_export SET grant_state = $7::smallint, updated_at = now()
           WHERE order_id = (SELECT order_id FROM delivery)`,
    values: [
      order.orderId,
      order.uId,
      order.awardId,
      order.awardType,
      result.deliveryRef,
      JSON.stringify(result.detail),
      result.complete ? OrderProgress.COMPLETE : OrderProgress.INIT,
    ],
  });
  return result.complete ? { kind: "GRANTED", deliveryRef: result.deliveryRef } : { kind: "PENDING_ADDRESS", deliveryRef: result.deliveryRef };
}

/**
 * A redelivered invoice repeats nothing. Its grant_state is brought in line with the grant that
 * exists, in case a failure after that grant left it at FAIL: COMPLETE, or INIT while it waits.
 */
async function alreadyDelivered(client: PoolClient, order: LockedOrder, effect: GrantEffect, deliveryRef: string): Promise<GrantOutcome> {
  if (order.grantState === OrderProgress.COMPLETE) return { kind: "ALREADY_GRANTED", deliveryRef };
  const pending = effect.stillPending !== undefined && (await effect.stillPending(client, order));
  const state = pending ? OrderProgress.INIT : OrderProgress.COMPLETE;
  if (order.grantState !== state) {
    await client.query({
      name: "grant-set-state",
      text: "UPDATE user_strategy_export SET grant_state = $2::smallint, updated_at = now() WHERE order_id = $1::bigint",
      values: [order.orderId, state],
    });
  }
  return pending ? { kind: "PENDING_ADDRESS", deliveryRef } : { kind: "ALREADY_GRANTED", deliveryRef };
}

function toLockedOrder(row: OrderRow): LockedOrder {
  return {
    orderId: row.order_id,
    uId: row.u_id,
    strategyId: row.strategy_id,
    awardId: row.award_id,
    awardType: row.award_type,
    awardName: row.award_name,
    awardContent: row.award_content,
    shippingAddress: row.shipping_address,
    grantState: row.grant_state as OrderProgress,
  };
}

// Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper survives.
const BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** `length` characters of crypto-grade randomness, 5 bits each (16 characters: 80 bits). */
export function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += BASE32[bytes[i] & 31];
  return out;
}

/**
 * Runs `insert` with fresh random tokens until one is not taken (its INSERT ... ON CONFLICT DO
 * NOTHING returned a row). With 80 or more random bits a second attempt is already a curiosity.
 */
export async function insertWithFreshToken<T>(what: string, token: () => string, insert: (token: string) => Promise<T | undefined>): Promise<T> {
  const ATTEMPTS = 3;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const inserted = await insert(token());
    if (inserted !== undefined) return inserted;
  }
  throw new Error(`could not find a free ${what} in ${ATTEMPTS} random attempts`);
}
