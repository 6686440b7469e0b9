import { describeUnitOfWorkContract } from "../../contract/unit-of-work.contract";
import { InMemoryGrantStore } from "../../support/fakes/in-memory-grant-store";

describeUnitOfWorkContract("InMemoryGrantStore", async () => {
  const store = new InMemoryGrantStore();
  return {
    uow: store,
    given: async (order) => store.add(order),
    grantStateOf: async (orderId) => store.orders.get(orderId)?.grantState,
    taskIds: async () => store.tasks.map((task) => task.bizId),
  };
});
