import { describeActivityContract } from "../../contract/activity.contract";
import { InMemoryActivityRepository } from "../../support/fakes/in-memory-activity-repository";

describeActivityContract("InMemoryActivityRepository", async () => new InMemoryActivityRepository());
