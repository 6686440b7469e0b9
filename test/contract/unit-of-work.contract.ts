import type { UnitOfWork } from "../../src/application/ports/unit-of-work.port";
import { GrantState, type DrawOrder } from "../../src/domain/award/draw-order.entity";
import { DrawOrderMother } from "../support/draw-order.mother";

/** A unit of work and what it writes to, read from outside any transaction. */
export interface UnitOfWorkSubject {
  uow: UnitOfWork;
  given(order: DrawOrder): Promise<void>;
  grantStateOf(orderId: bigint): Promise<GrantState | undefined>;
  taskIds(): Promise<string[]>;
}

export function describeUnitOfWorkContract(name: string, makeSubject: () => Promise<UnitOfWorkSubject>): void {
  describe(`${name} honours the UnitOfWork contract`, () => {
    let subject: UnitOfWorkSubject;
    beforeEach(async () => {
      subject = await makeSubject();
    });

    /** In one transaction: grants the order and records a task; throws at the end when asked. */
    const grantAndRecord = (orderId: bigint, fail: boolean) =>
      subject.uow.run(async (tx) => {
        const order = (await tx.orders.lockForGrant([orderId])).get(orderId);
        if (!order) throw new Error(`order ${orderId} is not there`);
        const moved = order.grant({ deliveryRef: `REF-${orderId}`, detail: {} });
        if (!moved.ok) throw new Error(moved.error.message);
        expect(await tx.orders.save([order])).toEqual([]);
        await tx.compensation.recordMany([{ bizType: "REGRANT_ORDER", bizId: String(orderId), context: {}, reason: "contract" }]);
        if (fail) throw new Error("the work failed after its writes");
        return "done";
      });

    it("commits everything the work wrote when it returns, and answers what it returned", async () => {
      const order = DrawOrderMother.win({ orderId: 901n, uId: "uow-1" });
      await subject.given(order);
      await expect(grantAndRecord(901n, false)).resolves.toBe("done");
      expect(await subject.grantStateOf(901n)).toBe(GrantState.COMPLETE);
      expect(await subject.taskIds()).toEqual(["901"]);
    });

    it("writes nothing of the work when it throws, and passes the error on", async () => {
      const order = DrawOrderMother.win({ orderId: 902n, uId: "uow-2" });
      await subject.given(order);
      await expect(grantAndRecord(902n, true)).rejects.toThrow("the work failed after its writes");
      expect(await subject.grantStateOf(902n)).toBe(GrantState.INIT);
      expect(await subject.taskIds()).toEqual([]);
    });
  });
}
