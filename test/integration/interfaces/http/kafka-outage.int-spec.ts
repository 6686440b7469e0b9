import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ActivityRequestMother } from "../../../support/activity-request.mother";
import { eventually, startApp, type RunningApp } from "../../../support/app-harness";
import { httpClient } from "../../../support/http-client";
import { OPERATOR_TOKEN, deployDoing } from "../../../support/operator";
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

  it("turns 503 naming Kafka while the broker is down and 200 again once it is back, without a restart; draws go on", async () => {
    const broker = await startLocalBroker(dataDir);
    app = await startApp({ KAFKA_BROKERS: broker.brokers, READINESS_TIMEOUT_MS: "1500", ADMIN_TOKEN: OPERATOR_TOKEN, KAFKA_SEND_TIMEOUT_MS: "1000" });
    const api = httpClient(app.baseUrl);
    const activityId = await deployDoing(app.baseUrl, ActivityRequestMother.reference());
    const mqStateOf = async (orderId: string) => (await api.get(`/api/v1/draws/${orderId}`)).body.mqState;
    const before = await api.post("/api/v1/draws", { uId: "xiaofuge", activityId });
    expect(await eventually(async () => (await mqStateOf(before.body.orderId)) === "COMPLETE", 10000)).toBe(true);
    const readiness = async () => {
      const response = await fetch(`${app!.baseUrl}/health/ready`);
      return { status: response.status, body: (await response.json()) as { failing?: string[] } };
    };
    expect((await readiness()).status).toBe(200);

    await stopLocalBroker(dataDir);
    expect(await eventually(async () => (await readiness()).status === 503, 20000)).toBe(true);
    const down = await readiness();
    expect(down.body.failing).toEqual(["kafka"]);

    // The producer was connected when the broker went away: the draw still answers, and the
    // failed send leaves the order at mq_state FAIL for the scanner.
    const during = await api.post("/api/v1/draws", { uId: "fustack", activityId });
    expect(during.status).toBe(200);
    expect(during.body.result).toBe("WIN");
    expect(await eventually(async () => (await mqStateOf(during.body.orderId)) === "FAIL", 10000)).toBe(true);

    const restarted = await startLocalBroker(dataDir);
    expect(restarted.brokers).toBe(broker.brokers);
    expect(await eventually(async () => (await readiness()).status === 200, 45000)).toBe(true);
    const after = await api.post("/api/v1/draws", { uId: "xiaofuge", activityId });
    expect(await eventually(async () => (await mqStateOf(after.body.orderId)) === "COMPLETE", 10000)).toBe(true);
  }, 180000);
});
