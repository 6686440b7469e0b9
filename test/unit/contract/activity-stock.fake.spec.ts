import { describeActivityStockContract } from "../../contract/activity-stock.contract";
import { InMemoryActivityStock } from "../../support/fakes/in-memory-activity-stock";

describeActivityStockContract("InMemoryActivityStock", async () => ({ stock: new InMemoryActivityStock(), newActivityId: () => 7 }));
