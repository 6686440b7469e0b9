import { describeDeadLetterLogContract } from "../../contract/dead-letter-log.contract";
import { InMemoryDeadLetterLog } from "../../support/fakes/in-memory-dead-letter-log";

describeDeadLetterLogContract("InMemoryDeadLetterLog", async () => new InMemoryDeadLetterLog());
