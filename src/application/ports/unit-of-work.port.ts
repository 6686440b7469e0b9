import type { AwardPorts } from "../../domain/award/award-distributor";
import type { DrawOrderRepository } from "../../domain/award/draw-order.repository";
import type { CompensationTaskRepository } from "../../domain/compensation/compensation-task.repository";
import type { DeadLetterLog } from "./dead-letter-log.port";

/** The repositories and ports of one transaction: all that they write commits together or not at all. */
export interface TransactionScope {
  orders: DrawOrderRepository;
  ports: AwardPorts;
  compensation: CompensationTaskRepository;
  deadLetters: DeadLetterLog;
}

/**
 * The one way the application layer runs work in a transaction (a grant batch, a shipping
 * address). A single statement needs none: the draw is one statement (draw-ledger.port.ts).
 */
export interface UnitOfWork {
  /** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
  run<T>(work: (tx: TransactionScope) => Promise<T>): Promise<T>;
}
