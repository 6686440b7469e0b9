import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eventually, startApp, type RunningApp } from "../../../support/app-harness";
import { startLocalBroker, stopLocalBroker } from "../../../support/services";

const hasJava = (() => {
  try {
    execFileSync("java", ["-version"], { stdio: "ignore" });
    execFileSync("mvn", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

// This test stops and restarts a broker, so it runs its own rather than the run's shared one.
(hasJava ? describe : describe.skip)("readiness through a Kafka outage", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lottery-kafka-outage-"));
  let app: RunningApp | undefined;

  afterAll(async () => {
    await app?.stop();
    await stopLocalBroker(dataDir).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("turns 503 naming Kafka while the broker is down and 200 again once it is back, without a restart", async () => {
    const broker = await startLocalBroker(dataDir);
    app = await startApp({ KAFKA_BROKERS: broker.brokers, READINESS_TIMEOUT_MS: "1500" });
    const readiness = async () => {
      const response = await fetch(`${app!.baseUrl}/health/ready`);
      return { status: response.status, body: (await response.json()) as { failing?: string[] } };
    };
    expect((await readiness()).status).toBe(200);

    await stopLocalBroker(dataDir);
    expect(await eventually(async () => (await readiness()).status === 503, 20000)).toBe(true);
    const down = await readiness();
    expect(down.body.failing).toEqual(["kafka"]);

    const restarted = await startLocalBroker(dataDir);
    expect(restarted.brokers).toBe(broker.brokers);
    expect(await eventually(async () => (await readiness()).status === 200, 45000)).toBe(true);
  }, 180000);
});
