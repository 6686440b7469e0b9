import { AwardType } from "../../../../../src/domain/award/award-type";
import { RedeemCodeDistributor } from "../../../../../src/domain/award/distributors/redeem-code.distributor";
import { fakeAwardPorts } from "../../../../support/fakes/award-ports";
import { DrawOrderMother } from "../../../../support/draw-order.mother";

function generator(codes: string[]): () => string {
  return () => {
    const code = codes.shift();
    if (!code) throw new Error("no more generated codes");
    return code;
  };
}

const codeOrder = (strategyId = 1, awardId = "3") => DrawOrderMother.ofType(AwardType.REDEEM_CODE, { strategyId, awardId });

describe("RedeemCodeDistributor", () => {
  it("hands out the award's pool codes oldest first, then generates codes once the pool is empty (policy GENERATE)", async () => {
    const ports = fakeAwardPorts();
    ports.codes.stock(1, "3", ["POOL-A", "POOL-B"]);
    const orders = [codeOrder(), codeOrder(), codeOrder()];
    const decided = await new RedeemCodeDistributor({ generateCode: generator(["GEN-1"]) }).distribute(
      orders.map((order) => ({ order, invoiceAddress: null })),
      ports,
    );
    expect(decided.map((d) => d.kind === "DELIVERED" && [d.deliveryRef, d.detail.source])).toEqual([
      ["POOL-A", "POOL"],
      ["POOL-B", "POOL"],
      ["GEN-1", "GENERATED"],
    ]);
    expect(ports.codes.codeOf(1, "3", orders[2].orderId)).toBe("GEN-1");
  });

  it("refuses the orders the pool cannot serve under the FAIL policy, naming the award, and never generates", async () => {
    const ports = fakeAwardPorts();
    ports.codes.stock(1, "3", ["ONLY-ONE"]);
    ports.poolPolicies.deploy(1, "3", "FAIL");
    const [served, unserved] = [codeOrder(), codeOrder()];
    const generate = jest.fn(() => "NEVER");
    const decided = await new RedeemCodeDistributor({ generateCode: generate }).distribute(
      [served, unserved].map((order) => ({ order, invoiceAddress: null })),
      ports,
    );
    expect(decided).toEqual([
      expect.objectContaining({ orderId: served.orderId, kind: "DELIVERED", deliveryRef: "ONLY-ONE" }),
      { orderId: unserved.orderId, kind: "REFUSED", reason: expect.stringContaining("the redeem code pool of award 3 (strategy 1) is empty and its policy is FAIL") },
    ]);
    expect(generate).not.toHaveBeenCalled();
  });

  it("draws another code for an order whose generated code the pool already has", async () => {
    const ports = fakeAwardPorts();
    ports.codes.stock(1, "3", ["TAKEN"]);
    await ports.codes.handOutFree(1, "3", [{ orderId: 1n, uId: "someone" }]);
    const order = codeOrder();
    const decided = await new RedeemCodeDistributor({ generateCode: generator(["TAKEN", "FRESH"]) }).distribute(
      [{ order, invoiceAddress: null }],
      ports,
    );
    expect(decided).toEqual([expect.objectContaining({ deliveryRef: "FRESH" })]);
  });

  it("takes codes only from the pool of each order's own strategy and award", async () => {
    const ports = fakeAwardPorts("FAIL");
    ports.codes.stock(1, "3", ["FOR-1-3"]).stock(2, "3", ["FOR-2-3"]);
    const [a, b] = [codeOrder(2, "3"), codeOrder(1, "3")];
    const decided = await new RedeemCodeDistributor({ generateCode: generator([]) }).distribute(
      [a, b].map((order) => ({ order, invoiceAddress: null })),
      ports,
    );
    expect(decided.map((d) => d.kind === "DELIVERED" && d.deliveryRef)).toEqual(["FOR-2-3", "FOR-1-3"]);
  });

  it("applies each award's own policy: in one batch, the FAIL award's orders are refused and the GENERATE award's get generated codes", async () => {
    const ports = fakeAwardPorts("GENERATE");
    ports.poolPolicies.deploy(1, "strict", "FAIL").deploy(1, "lenient", "GENERATE");
    const [strict, lenient] = [codeOrder(1, "strict"), codeOrder(1, "lenient")];
    const decided = await new RedeemCodeDistributor({ generateCode: generator(["GEN-1"]) }).distribute(
      [strict, lenient].map((order) => ({ order, invoiceAddress: null })),
      ports,
    );
    expect(decided.map((d) => [d.orderId, d.kind])).toEqual([
      [strict.orderId, "REFUSED"],
      [lenient.orderId, "DELIVERED"],
    ]);
    expect(ports.codes.codeOf(1, "lenient", lenient.orderId)).toBe("GEN-1");
    expect(ports.codes.codeOf(1, "strict", strict.orderId)).toBeUndefined();
  });

  it("asks for the award's policy only when its pool could not serve every order", async () => {
    const ports = fakeAwardPorts();
    ports.codes.stock(1, "3", ["A", "B"]);
    const policies = ports.poolPolicies.deploy(1, "3", "FAIL");
    const distributor = new RedeemCodeDistributor({ generateCode: generator([]) });
    await distributor.distribute([codeOrder(), codeOrder()].map((order) => ({ order, invoiceAddress: null })), ports);
    expect(policies.lookups).toBe(0);
    const [late] = await distributor.distribute([{ order: codeOrder(), invoiceAddress: null }], ports);
    expect(late.kind).toBe("REFUSED");
    expect(policies.lookups).toBe(1);
  });
});
