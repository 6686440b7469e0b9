import {
  GRANT_TRANSITIONS,
  GrantState,
  OrderProgress,
  SEND_TRANSITIONS,
  type DrawOrder,
  type TransitionResult,
} from "../../../../src/domain/award/draw-order.entity";
import { DrawOrderMother } from "../../../support/draw-order.mother";

const DELIVERY = { deliveryRef: "REF-9", detail: { text: "An ipad" } };

function refused(result: TransitionResult | null): string {
  if (!result || result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  return result.error.code;
}

describe("DrawOrder", () => {
  describe("sending its invoice", () => {
    it.each([OrderProgress.INIT, OrderProgress.FAIL])("is sent from mq_state %s: COMPLETE, recorded as a compare-and-set on that state", (mqState) => {
      const order = DrawOrderMother.win({ mqState });
      const result = order.markSent();
      expect(result).toEqual({ ok: true, value: { orderId: order.orderId, column: "mq_state", transition: "SENT", from: mqState, to: OrderProgress.COMPLETE } });
      expect(order.mqState).toBe(OrderProgress.COMPLETE);
      expect(order.pullChanges()).toHaveLength(1);
      expect(order.pullChanges()).toHaveLength(0);
    });

    it("refuses to be sent again once sent", () => {
      const order = DrawOrderMother.win({ mqState: OrderProgress.COMPLETE });
      expect(refused(order.markSent())).toBe("ORDER_TRANSITION_REFUSED");
      expect(order.pullChanges()).toEqual([]);
    });

    it("records a failed send only from INIT", () => {
      const order = DrawOrderMother.win();
      expect(order.markSendFailed().ok).toBe(true);
      expect(order.mqState).toBe(OrderProgress.FAIL);
    });

    it.each([OrderProgress.FAIL, OrderProgress.COMPLETE])("refuses a failed send from %s: COMPLETE never goes back to FAIL", (mqState) => {
      const order = DrawOrderMother.win({ mqState });
      expect(refused(order.markSendFailed())).toBe("ORDER_TRANSITION_REFUSED");
      expect(order.mqState).toBe(mqState);
    });
  });

  describe("granting its prize", () => {
    it.each([GrantState.INIT, GrantState.FAIL])("is granted from %s with its delivery, which is recorded with the move", (grantState) => {
      const order = DrawOrderMother.win({ grantState });
      const result = order.grant(DELIVERY);
      expect(result.ok && result.value).toEqual({
        orderId: order.orderId,
        column: "grant_state",
        transition: "GRANTED",
        from: grantState,
        to: GrantState.COMPLETE,
        delivery: { ...DELIVERY, delivered: true },
      });
      expect(order.grantState).toBe(GrantState.COMPLETE);
      expect(order.delivery).toEqual({ deliveryRef: "REF-9", deliveredAt: expect.any(Date) });
    });

    it("awaits an address without a delivery time, and ships once the address comes", () => {
      const order = DrawOrderMother.win();
      const waiting = order.awaitAddress({ deliveryRef: "SHP-1", detail: { shipmentId: "SHP-1" } });
      expect(waiting.ok && waiting.value).toMatchObject({ transition: "AWAITING_ADDRESS", to: GrantState.AWAITING_ADDRESS, delivery: { delivered: false } });
      expect(order.delivery).toEqual({ deliveryRef: "SHP-1", deliveredAt: null });
      expect(order.addressProvided().ok).toBe(true);
      expect(order.grantState).toBe(GrantState.COMPLETE);
      expect(order.delivery?.deliveredAt).toEqual(expect.any(Date));
    });

    it("records a failed grant from INIT or FAIL", () => {
      for (const grantState of [GrantState.INIT, GrantState.FAIL]) {
        const order = DrawOrderMother.win({ grantState });
        expect(order.failGrant().ok).toBe(true);
        expect(order.grantState).toBe(GrantState.FAIL);
      }
    });

    // Every move of grant_state that its rule does not list, from every state.
    const refusedMoves: Array<[string, GrantState, (order: DrawOrder) => TransitionResult]> = [];
    const moves: Record<keyof typeof GRANT_TRANSITIONS, (order: DrawOrder) => TransitionResult> = {
      GRANTED: (o) => o.grant(DELIVERY),
      AWAITING_ADDRESS: (o) => o.awaitAddress(DELIVERY),
      ADDRESS_PROVIDED: (o) => o.addressProvided(),
      GRANT_FAILED: (o) => o.failGrant(),
    };
    for (const [name, rule] of Object.entries(GRANT_TRANSITIONS)) {
      for (const state of [GrantState.INIT, GrantState.COMPLETE, GrantState.FAIL, GrantState.AWAITING_ADDRESS]) {
        if (!(rule.from as readonly GrantState[]).includes(state)) refusedMoves.push([name, state, moves[name as keyof typeof GRANT_TRANSITIONS]]);
      }
    }

    it.each(refusedMoves.map(([name, state, move]) => [name, GrantState[state], state, move] as const))(
      "refuses %s from %s and changes nothing",
      (_name, _stateName, state, move) => {
        const order = DrawOrderMother.win({ grantState: state });
        expect(refused(move(order))).toBe("ORDER_TRANSITION_REFUSED");
        expect(order.grantState).toBe(state);
        expect(order.pullChanges()).toEqual([]);
      },
    );

    it("refuses a second delivery of an order that has one, whatever its state says", () => {
      const order = DrawOrderMother.win({ grantState: GrantState.FAIL }, { deliveryRef: "REF-1", deliveredAt: new Date() });
      expect(refused(order.grant(DELIVERY))).toBe("ORDER_TRANSITION_REFUSED");
      expect(refused(order.awaitAddress(DELIVERY))).toBe("ORDER_TRANSITION_REFUSED");
    });

    it("settles a FAIL left behind by a grant that had committed: COMPLETE for a delivered one, AWAITING_ADDRESS for a waiting one", () => {
      const delivered = DrawOrderMother.win({ grantState: GrantState.FAIL }, { deliveryRef: "REF-1", deliveredAt: new Date() });
      expect(delivered.settleWithDelivery()).toMatchObject({ ok: true, value: { transition: "GRANTED" } });
      const waiting = DrawOrderMother.win({ grantState: GrantState.FAIL }, { deliveryRef: "SHP-1", deliveredAt: null });
      expect(waiting.settleWithDelivery()).toMatchObject({ ok: true, value: { transition: "AWAITING_ADDRESS" } });
      expect(DrawOrderMother.granted().settleWithDelivery()).toBeNull();
      expect(DrawOrderMother.awaitingAddress().settleWithDelivery()).toBeNull();
    });

    it("cannot decide on a delivery it was loaded without", () => {
      const { DrawOrder } = jest.requireActual("../../../../src/domain/award/draw-order.entity");
      const order = DrawOrder.restore(DrawOrderMother.win().toProps());
      expect(() => order.grant(DELIVERY)).toThrow(/loaded without its delivery/);
    });
  });

  it("has a rule for every send move that never leaves COMPLETE", () => {
    for (const rule of Object.values(SEND_TRANSITIONS)) expect(rule.from).not.toContain(OrderProgress.COMPLETE);
    for (const rule of Object.values(GRANT_TRANSITIONS)) expect(rule.from).not.toContain(GrantState.COMPLETE);
  });
});
