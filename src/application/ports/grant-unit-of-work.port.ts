import type { AwardPorts } from "../../domain/award/award-distributor";
import type { DrawOrderRepository } from "../../domain/award/draw-order.repository";
import type { CompensationTaskRepository } from "../../domain/compensation/compensation-task.repository";
import type { DeadLetterLog } from "./dead-letter-log.port";

/** The repositories and ports of one grant transaction: all that it writes commits together or not at all. */
export interface GrantTransaction {
  orders: DrawOrderRepository;
  ports: AwardPorts;
  compensation: CompensationTaskRepository;
  deadLetters: DeadLetterLog;
}

export interface GrantUnitOfWork {
  /** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
  run<T>(work: (tx: GrantTransaction) => Promise<T>): Promise<T>;
}
