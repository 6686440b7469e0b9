import { answerFromStored, storedAnswerOf } from "../../../../src/application/draw/draw-answer";
import { DrawError } from "../../../../src/application/draw/draw.errors";

describe("stored idempotent answers", () => {
  it("keep a refusal's public code", () => {
    const stored = storedAnswerOf(new DrawError("ACTIVITY_OUT_OF_STOCK", "activity 7 has no stock left"));
    expect(stored).toEqual({ kind: "REFUSED", code: "ACTIVITY_OUT_OF_STOCK", message: "activity 7 has no stock left" });
    expect(answerFromStored(stored)).toEqual(new DrawError("ACTIVITY_OUT_OF_STOCK", "activity 7 has no stock left"));
  });

  it("read an answer stored before codes were unified (ACTIVITY.NOT_OPEN) with today's code", () => {
    const answer = answerFromStored({ kind: "REFUSED", code: "ACTIVITY.NOT_OPEN", message: "activity 7 is not open" });
    expect(answer).toBeInstanceOf(DrawError);
    expect((answer as DrawError).code).toBe("ACTIVITY_NOT_OPEN");
  });
});
