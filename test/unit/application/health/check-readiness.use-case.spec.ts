import { FakeDependencyProbe } from "../../../support/fakes/fake-dependency-probe";
import { CheckReadinessUseCase } from "../../../../src/application/health/check-readiness.use-case";
import type { DependencyName, DependencyProbe } from "../../../../src/application/ports/dependency-probe.port";

const probe = (name: DependencyName, check: () => Promise<void>): DependencyProbe => ({ name, check });
const up = () => Promise.resolve();

describe("CheckReadinessUseCase", () => {
  it("is ready only when every dependency answers", async () => {
    const report = await new CheckReadinessUseCase([probe("postgres", up), probe("redis", up), probe("kafka", up)], 100).execute();
    expect(report).toEqual({
      ready: true,
      failing: [],
      dependencies: { postgres: { status: "up" }, redis: { status: "up" }, kafka: { status: "up" } },
    });
  });

  it("names the dependency that failed and why", async () => {
    const redisDown = probe("redis", () => Promise.reject(new Error("connect ECONNREFUSED")));
    const report = await new CheckReadinessUseCase([probe("postgres", up), redisDown], 100).execute();
    expect(report.ready).toBe(false);
    expect(report.failing).toEqual(["redis"]);
    expect(report.dependencies.redis).toEqual({ status: "down", reason: "connect ECONNREFUSED" });
  });

  it("counts a dependency that hangs as down once the bound passes", async () => {
    const hanging = probe("kafka", () => new Promise<void>(() => undefined));
    const report = await new CheckReadinessUseCase([hanging, probe("postgres", up)], 50).execute();
    expect(report.failing).toEqual(["kafka"]);
    expect(report.dependencies.kafka).toEqual({ status: "down", reason: "no answer within 50 ms" });
  });

  it("gives the reason of a probe that fails with something that is not an Error", async () => {
    const report = await new CheckReadinessUseCase([probe("postgres", () => Promise.reject("refused"))], 100).execute();
    expect(report.dependencies.postgres).toEqual({ status: "down", reason: "refused" });
  });

  it("checks its probes as they are now: a probe that comes back is up again", async () => {
    const redis = new FakeDependencyProbe("redis").down("connect ECONNREFUSED");
    const readiness = new CheckReadinessUseCase([redis], 100);
    expect((await readiness.execute()).ready).toBe(false);
    redis.up();
    expect((await readiness.execute()).ready).toBe(true);
  });
});
