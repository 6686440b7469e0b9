import { describeCompensationTaskContract } from "../../contract/compensation-task.contract";
import { InMemoryCompensationTaskRepository } from "../../support/fakes/in-memory-compensation-task-repository";

describeCompensationTaskContract("InMemoryCompensationTaskRepository", async (runsElsewhere) => new InMemoryCompensationTaskRepository(undefined, runsElsewhere));
