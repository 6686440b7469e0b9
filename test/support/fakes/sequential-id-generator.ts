import type { IdGenerator } from "../../../src/application/ports/id-generator.port";

/** Ids 1, 2, 3, ... from `start`: strictly increasing and positive, as the port promises, and predictable in asserts. */
export class SequentialIdGenerator implements IdGenerator {
  constructor(private next = 1n) {
    if (next <= 0n) throw new Error("ids are positive");
  }

  nextId(): bigint {
    return this.next++;
  }
}
