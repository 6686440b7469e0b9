import { Strategy } from "../../../src/domain/strategy/strategy.entity";
import { describeDrawLedgerContract } from "../../contract/draw-ledger.contract";
import { InMemoryDrawLedger } from "../../support/fakes/in-memory-draw-ledger";

describeDrawLedgerContract("InMemoryDrawLedger", async (stockCount, props) => {
  const strategy = Strategy.create({ ...props, strategyId: 10001 });
  if (!strategy.ok) throw new Error(strategy.error.message);
  const ledger = new InMemoryDrawLedger(stockCount, strategy.value);
  return {
    ledger,
    records: ledger,
    activityId: 100001,
    strategyId: 10001,
    close: async () => {
      ledger.open = false;
    },
  };
});
