import { describeRedeemCodesContract } from "../../contract/redeem-codes.contract";
import { InMemoryRedeemCodePool } from "../../support/fakes/in-memory-redeem-code-pool";

describeRedeemCodesContract("InMemoryRedeemCodePool", async () => {
  const codes = new InMemoryRedeemCodePool();
  return { inventory: codes, pool: codes, givenOrders: async () => undefined };
});
