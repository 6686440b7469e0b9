import { DescDistributor } from "../../../../../src/domain/award/distributors/desc.distributor";
import { fakeAwardPorts } from "../../../../support/fakes/award-ports";
import { DrawOrderMother } from "../../../../support/draw-order.mother";

describe("DescDistributor", () => {
  it("delivers the text itself: reference DESC-<orderId>, the award content as detail.text, and touches no port", async () => {
    const ports = fakeAwardPorts();
    const order = DrawOrderMother.win({ awardContent: "A thank-you note" });
    expect(await new DescDistributor().distribute([{ order, invoiceAddress: null }], ports)).toEqual([
      { orderId: order.orderId, kind: "DELIVERED", deliveryRef: `DESC-${order.orderId}`, detail: { text: "A thank-you note" } },
    ]);
    expect(ports.coupons.issued).toEqual([]);
    expect(ports.shipments.opened).toEqual([]);
  });
});
