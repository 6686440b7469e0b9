import { PrismaActivityRepository } from "../../../src/infrastructure/persistence/activity.prisma-repository";
import { createPrismaClient, type PrismaClient } from "../../../src/infrastructure/persistence/prisma-client.factory";
import { describeActivityContract } from "../../contract/activity.contract";
import { useContractDatabase } from "../../support/contract-database";

const db = useContractDatabase(["activity", "strategy_detail", "award", "strategy"]);
let prisma: PrismaClient | undefined;
afterAll(() => prisma?.$disconnect());

describeActivityContract("PrismaActivityRepository", async () => {
  await db.empty();
  prisma ??= createPrismaClient(db.url(), 2);
  return new PrismaActivityRepository(prisma);
});
