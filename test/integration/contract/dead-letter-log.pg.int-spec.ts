import { PgDeadLetterLog } from "../../../src/infrastructure/persistence/dead-letter.pg-log";
import { describeDeadLetterLogContract } from "../../contract/dead-letter-log.contract";
import { useContractDatabase } from "../../support/contract-database";

const db = useContractDatabase(["invoice_dead_letter_replay", "invoice_dead_letter"]);

describeDeadLetterLogContract("PgDeadLetterLog", async () => {
  await db.empty();
  return new PgDeadLetterLog(db.pool());
});
