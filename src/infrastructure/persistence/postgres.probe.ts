import type { DependencyProbe } from "../../application/ports/dependency-probe.port";
import type { PrismaClient } from "./prisma-client.factory";

export class PostgresProbe implements DependencyProbe {
  readonly name = "postgres" as const;

  constructor(private readonly prisma: PrismaClient) {}

  async check(): Promise<void> {
    await this.prisma.$queryRaw`SELECT 1`;
  }
}
