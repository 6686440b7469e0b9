import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Client, Pool } from "pg";
import { ProvideShippingAddressUseCase } from "../../../../src/application/delivery/provide-shipping-address.use-case";
import type { GrantRequest } from "../../../../src/domain/award/award-distributor";
import { AwardType } from "../../../../src/domain/award/award-type";
import type { ShippingAddress } from "../../../../src/domain/award/draw-order.entity";
import { PgUnitOfWork } from "../../../../src/infrastructure/persistence/pg-unit-of-work";
import { createLogger } from "../../../../src/infrastructure/logging/logger";
import { outageOf } from "../../../../src/infrastructure/outage";
import { createPgPool } from "../../../../src/infrastructure/persistence/pg-pool.factory";
import { createHttpApp } from "../../../../src/interfaces/http/app";
import { shippingAddressRoutes } from "../../../../src/interfaces/http/shipping-address.routes";
import { connectDb } from "../../../support/db";
import { uniqueId } from "../../../support/unique-id";
import { granting, type BriefOutcome } from "../../../support/grant-harness";

const HOME: ShippingAddress = { name: "fustack", city: "Beijing", street: "1 Chang'an Avenue", zip: "100000" };
const ELSEWHERE: ShippingAddress = { name: "fustack", city: "Hangzhou", street: "9 West Lake Road" };

describe("PUT /api/v1/draws/{orderId}/shipping-address", () => {
  let pool: Pool;
  let db: Client;
  let server: Server;
  let baseUrl: string;
  let physical: { grant: (request: GrantRequest) => Promise<BriefOutcome> };

  beforeAll(async () => {
    pool = createPgPool(process.env.DATABASE_URL as string, 10);
    db = await connectDb();
    physical = { grant: granting(pool) };
    // Only this router: the container wires it into the service; here it is tested on its own.
    const app = createHttpApp({
      bodyLimit: "64kb",
      routers: [shippingAddressRoutes(new ProvideShippingAddressUseCase(new PgUnitOfWork(pool)))],
      log: createLogger("silent"),
      outageOf,
    });
    server = await new Promise<Server>((resolve) => {
      const listening = createServer(app).listen(0, "127.0.0.1", () => resolve(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await pool.end();
    await db.end();
  });

  async function put(orderId: bigint | string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${baseUrl}/api/v1/draws/${orderId}/shipping-address`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** A won order as the draw writes it (mq_state COMPLETE, so no scanner of another test re-sends it). */
  async function wonOrder(awardType: AwardType, address: ShippingAddress | null = null): Promise<GrantRequest> {
    const orderId = BigInt(uniqueId());
    const request: GrantRequest = {
      orderId,
      uId: `user-${orderId}`,
      activityId: 100001,
      awardId: "1",
      awardType,
      awardName: "IMac",
      awardContent: "an IMac",
      shippingAddress: address,
    };
    await db.query(
      `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, grant_state,
         award_id, award_type, award_name, award_content, shipping_address, uuid, mq_state)
       VALUES ($1, $2, 100001, $3, 2, 1, 0, '1', $4, 'IMac', 'an IMac', $5, $6, 1)`,
      [orderId.toString(), request.uId, uniqueId(), awardType, address ? JSON.stringify(address) : null, orderId.toString()],
    );
    return request;
  }

  /** A PHYSICAL order whose invoice was consumed without an address: its shipment waits. */
  async function waitingForAddress(): Promise<{ request: GrantRequest; shipmentId: string }> {
    const request = await wonOrder(AwardType.PHYSICAL);
    const outcome = await physical.grant(request);
    if (outcome.kind !== "AWAITING_ADDRESS") throw new Error(`expected a waiting grant, got ${outcome.kind}`);
    return { request, shipmentId: outcome.deliveryRef as string };
  }

  const shipmentOf = async (orderId: bigint) =>
    (await db.query("SELECT shipment_id, state, address, updated_at FROM award_shipment WHERE order_id = $1", [orderId.toString()])).rows;
  const orderRow = async (orderId: bigint) =>
    (await db.query("SELECT grant_state, shipping_address FROM user_strategy_export WHERE order_id = $1", [orderId.toString()])).rows[0];

  it("completes a grant that waits for an address: 200 READY_TO_SHIP, the shipment gets the address, the order grant_state COMPLETE", async () => {
    const { request, shipmentId } = await waitingForAddress();
    const response = await put(request.orderId, HOME);
    expect(response).toEqual({ status: 200, body: { orderId: request.orderId.toString(), shipmentId, state: "READY_TO_SHIP" } });
    expect(await shipmentOf(request.orderId)).toEqual([{ shipment_id: shipmentId, state: "READY_TO_SHIP", address: HOME, updated_at: expect.any(Date) }]);
    expect(await orderRow(request.orderId)).toEqual({ grant_state: 1, shipping_address: HOME });
    const delivered = await db.query("SELECT delivered_at FROM award_delivery WHERE order_id = $1", [request.orderId.toString()]);
    expect(delivered.rows[0].delivered_at).toEqual(expect.any(Date));
    expect(await physical.grant(request)).toEqual({ kind: "ALREADY_GRANTED", deliveryRef: shipmentId });
  });

  it("answers the same address again with the same 200 and changes nothing (field order does not matter)", async () => {
    const { request, shipmentId } = await waitingForAddress();
    const first = await put(request.orderId, HOME);
    const before = await shipmentOf(request.orderId);
    const reordered = Object.fromEntries(Object.entries(HOME).reverse());
    const again = await put(request.orderId, reordered);
    expect(again).toEqual(first);
    expect(again.body).toEqual({ orderId: request.orderId.toString(), shipmentId, state: "READY_TO_SHIP" });
    expect(await shipmentOf(request.orderId)).toEqual(before);
  });

  it("refuses a different address once the shipment has one: 409 SHIPPING_ADDRESS_CONFLICT, the first address stays", async () => {
    const { request } = await waitingForAddress();
    await put(request.orderId, HOME);
    const response = await put(request.orderId, ELSEWHERE);
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ code: "SHIPPING_ADDRESS_CONFLICT", message: expect.any(String) });
    expect((await shipmentOf(request.orderId))[0].address).toEqual(HOME);
    expect((await orderRow(request.orderId)).shipping_address).toEqual(HOME);
  });

  it("refuses a different address for a prize that shipped with the draw's address", async () => {
    const request = await wonOrder(AwardType.PHYSICAL, HOME);
    expect((await physical.grant(request)).kind).toBe("GRANTED");
    expect((await put(request.orderId, ELSEWHERE)).body.code).toBe("SHIPPING_ADDRESS_CONFLICT");
    expect((await put(request.orderId, HOME)).status).toBe(200);
  });

  it("keeps an address given before the invoice is consumed (200 ADDRESS_SAVED), and the grant then ships to it", async () => {
    const request = await wonOrder(AwardType.PHYSICAL);
    const response = await put(request.orderId, HOME);
    expect(response).toEqual({ status: 200, body: { orderId: request.orderId.toString(), state: "ADDRESS_SAVED" } });
    expect(await shipmentOf(request.orderId)).toEqual([]);
    expect(await orderRow(request.orderId)).toEqual({ grant_state: 0, shipping_address: HOME });

    const outcome = await physical.grant(request);
    expect(outcome.kind).toBe("GRANTED");
    expect(await shipmentOf(request.orderId)).toEqual([expect.objectContaining({ state: "READY_TO_SHIP", address: HOME })]);
    expect((await orderRow(request.orderId)).grant_state).toBe(1);
  });

  it("ends READY_TO_SHIP with the address whichever of the grant and the address comes first when they race", async () => {
    for (let i = 0; i < 5; i++) {
      const request = await wonOrder(AwardType.PHYSICAL);
      const [granted, addressed] = await Promise.all([physical.grant(request), put(request.orderId, HOME)]);
      expect(["GRANTED", "AWAITING_ADDRESS"]).toContain(granted.kind);
      expect(addressed.status).toBe(200);
      expect(await shipmentOf(request.orderId)).toEqual([expect.objectContaining({ state: "READY_TO_SHIP", address: HOME })]);
      expect((await orderRow(request.orderId)).grant_state).toBe(1);
    }
  });

  it("409 AWARD_NOT_PHYSICAL for a prize that does not ship (DESC), and changes nothing", async () => {
    const request = await wonOrder(AwardType.DESC);
    await granting(pool)(request);
    const response = await put(request.orderId, HOME);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe("AWARD_NOT_PHYSICAL");
    expect(await orderRow(request.orderId)).toEqual({ grant_state: 1, shipping_address: null });
  });

  it("404 ORDER_NOT_FOUND for an order that does not exist", async () => {
    const response = await put(BigInt(uniqueId()), HOME);
    expect(response.status).toBe(404);
    expect(response.body.code).toBe("ORDER_NOT_FOUND");
  });

  it.each([
    ["an empty address", {}],
    ["an array", [HOME]],
    ["a value that is not text", { city: 42 }],
    ["a value over 512 characters", { street: "x".repeat(513) }],
    ["more than 16 fields", Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`line${i}`, "x"]))],
    ["a field name over 64 characters", { ["k".repeat(65)]: "x" }],
  ])("400 ILLEGAL_PARAMETER for %s, and changes nothing", async (_what, body) => {
    const { request } = await waitingForAddress();
    const response = await put(request.orderId, body);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("ILLEGAL_PARAMETER");
    expect((await shipmentOf(request.orderId))[0].state).toBe("PENDING_ADDRESS");
  });

  it("400 ILLEGAL_PARAMETER for an order id that is not a decimal id", async () => {
    const response = await put("abc", HOME);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("ILLEGAL_PARAMETER");
  });
});
