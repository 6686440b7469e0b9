import { ActivityError, activityInvalid, activityNotFound } from "../../../../src/domain/activity/activity.errors";
import { DrawError, idempotencyKeyInUse, idempotencyKeyReused } from "../../../../src/application/draw/draw.errors";
import { ShippingAddressError } from "../../../../src/application/delivery/provide-shipping-address.use-case";
import { campaignExists, campaignInvalid, campaignNotFound, campaignStateConflict } from "../../../../src/domain/campaign/campaign.errors";
import { OrderTransitionRefused } from "../../../../src/domain/award/draw-order.entity";
import { StrategyInvalidError } from "../../../../src/domain/strategy/strategy.errors";
import { toHttpError } from "../../../../src/interfaces/http/domain-error.mapping";
import { statusForCode } from "../../../../src/interfaces/http/error-status";
import { DomainError } from "../../../../src/shared/domain-error";

// One of every refusal a route can answer, built as the domain builds it.
const REFUSALS: Array<[DomainError, number]> = [
  [activityInvalid("stockCount", "must be at least 0"), 400],
  [new StrategyInvalidError("awards[0].rate", "must be at most 1"), 400],
  [activityNotFound(7), 404],
  [new ActivityError("ACTIVITY_ALREADY_EXISTS", "activity 7 is already deployed"), 409],
  [new ActivityError("ACTIVITY_STATE_CONFLICT", "activity 7 cannot be started (doing) from state EDIT"), 409],
  [new DrawError("ACTIVITY_NOT_OPEN", "activity 7 is not open"), 409],
  [new DrawError("ACTIVITY_OUT_OF_STOCK", "activity 7 has no stock left"), 409],
  [new DrawError("TAKE_LIMIT_REACHED", "user u has used all draws"), 409],
  [idempotencyKeyInUse(), 409],
  [idempotencyKeyReused(), 422],
  [new ShippingAddressError("ORDER_NOT_FOUND", "order 1 does not exist"), 404],
  [new ShippingAddressError("AWARD_NOT_PHYSICAL", "order 1 is a DESC prize"), 409],
  [new ShippingAddressError("SHIPPING_ADDRESS_CONFLICT", "shipment s of order 1 already has an address"), 409],
  [campaignInvalid("name", "must not be empty"), 400],
  [campaignNotFound(3), 404],
  [campaignExists(3), 409],
  [campaignStateConflict(3, "pause", "OPEN"), 409],
];

describe("one code format: the domain's code is the public REST code", () => {
  it.each(REFUSALS.map(([error, status]) => [error.code, error, status] as const))("%s answers its status with the same code", (code, error, status) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
    const http = toHttpError(error);
    expect(http.code).toBe(code);
    expect(http.message).toBe(error.message);
    expect(statusForCode(http.code)).toBe(status);
  });

  it("lists the field of bad input as validation does, and no fields for any other refusal", () => {
    expect(toHttpError(activityInvalid("endAt", "must be after beginAt")).fields).toEqual([{ path: "body.endAt", message: "must be after beginAt" }]);
    expect(toHttpError(campaignInvalid("award.type", "must be DESC")).fields).toEqual([{ path: "body.award.type", message: "must be DESC" }]);
    const inRequest = new StrategyInvalidError("awards[12].rate", "must be between 0 and 1").within("strategy");
    expect(inRequest.message).toBe("strategy.awards[12].rate: must be between 0 and 1");
    expect(toHttpError(inRequest).fields).toEqual([{ path: "body.strategy.awards.12.rate", message: "must be between 0 and 1" }]);
    for (const [error] of REFUSALS.filter(([e]) => e.code !== "ILLEGAL_PARAMETER")) expect(toHttpError(error).fields).toBeUndefined();
  });

  it("decides by the code alone: the message can say anything", () => {
    expect(statusForCode(toHttpError(new DrawError("ACTIVITY_OUT_OF_STOCK", "not found, unavailable, 503")).code)).toBe(409);
  });

  it("gives every error class the one base, the order's refused move included", () => {
    const refused = new OrderTransitionRefused(1n, "GRANT" as never, "COMPLETE");
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused.code).toBe("ORDER_TRANSITION_REFUSED");
  });
});
