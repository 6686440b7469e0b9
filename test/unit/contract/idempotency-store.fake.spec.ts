import { describeIdempotencyStoreContract } from "../../contract/idempotency-store.contract";
import { InMemoryIdempotencyStore } from "../../support/fakes/in-memory-idempotency-store";

describeIdempotencyStoreContract("InMemoryIdempotencyStore", async () => ({ store: new InMemoryIdempotencyStore(), scope: (name) => name }));
