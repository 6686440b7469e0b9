import { PgCompensationTaskRepository } from "../../../src/infrastructure/persistence/compensation-task.pg-repository";
import { describeCompensationTaskContract } from "../../contract/compensation-task.contract";
import { useContractDatabase } from "../../support/contract-database";

const db = useContractDatabase(["compensate_task"]);

describeCompensationTaskContract("PgCompensationTaskRepository", async (runsElsewhere) => {
  await db.empty();
  return new PgCompensationTaskRepository(db.pool(), runsElsewhere);
});
