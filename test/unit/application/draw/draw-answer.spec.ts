import { answerFromStored, storedAnswerOf } from "../../../../src/application/draw/draw-answer";
import { DrawError } from "../../../../src/application/draw/draw.errors";
import type { DrawOutcome } from "../../../../src/application/draw/draw-outcome";
import { DrawOrderMother } from "../../../support/draw-order.mother";

/** Through JSON, as the idempotency store keeps it. */
const roundTrip = (answer: DrawOutcome | DrawError) => answerFromStored(JSON.parse(JSON.stringify(storedAnswerOf(answer))));

describe("draw answers as the idempotency store keeps them", () => {
  it("gives a win back with the same order, ids and time intact, marked replayed", () => {
    const order = DrawOrderMother.win({ shippingAddress: { city: "Hangzhou" } });
    const again = roundTrip({ result: "WIN", takeId: 2n ** 62n, order, replayed: false });
    if (again instanceof DrawError || again.result !== "WIN") throw new Error("expected a win");
    expect(again.takeId).toBe(2n ** 62n);
    expect(again.order.toProps()).toEqual(order.toProps());
    expect(again.replayed).toBe(true);
  });

  it("keeps an order without a take (a campaign grant) without one", () => {
    const order = DrawOrderMother.win({ takeId: null, campaignId: 9 });
    const again = roundTrip({ result: "WIN", takeId: 1n, order, replayed: false });
    if (again instanceof DrawError || again.result !== "WIN") throw new Error("expected a win");
    expect(again.order.takeId).toBeNull();
  });

  it("gives a loss and a refusal back as they were", () => {
    expect(roundTrip({ result: "LOSE", takeId: 5n, replayed: false })).toEqual({ result: "LOSE", takeId: 5n, replayed: true });
    const refusal = roundTrip(new DrawError("TAKE_LIMIT_REACHED", "used all draws"));
    expect(refusal).toBeInstanceOf(DrawError);
    expect(refusal).toMatchObject({ code: "TAKE_LIMIT_REACHED", message: "used all draws" });
  });
});

describe("stored idempotent answers from before codes were unified", () => {
  it("read back with today's code (ACTIVITY.NOT_OPEN becomes ACTIVITY_NOT_OPEN)", () => {
    const answer = answerFromStored({ kind: "REFUSED", code: "ACTIVITY.NOT_OPEN", message: "activity 7 is not open" });
    expect(answer).toBeInstanceOf(DrawError);
    expect((answer as DrawError).code).toBe("ACTIVITY_NOT_OPEN");
  });
});
