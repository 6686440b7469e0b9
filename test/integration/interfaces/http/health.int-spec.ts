import { freePort } from "../../../support/free-port";
import { startApp, type RunningApp } from "../../../support/app-harness";

describe("health endpoints", () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  it("reports ready with PostgreSQL, Redis and Kafka all up", async () => {
    app = await startApp();
    const live = await fetch(`${app.baseUrl}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${app.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: "ready",
      dependencies: { postgres: { status: "up" }, redis: { status: "up" }, kafka: { status: "up" } },
    });
  });

  it("answers 503 naming Redis when Redis is unreachable, and stays live", async () => {
    app = await startApp({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const ready = await fetch(`${app.baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { code: string; message: string; failing: string[]; dependencies: Record<string, { status: string }> };
    expect(body.code).toBe("UNAVAILABLE");
    expect(body.failing).toEqual(["redis"]);
    expect(body.message).toMatch(/^not ready: redis \(.+\) down$/);
    expect(body.dependencies.postgres.status).toBe("up");
    expect(body.dependencies.kafka.status).toBe("up");
    expect((await fetch(`${app.baseUrl}/health/live`)).status).toBe(200);
  });

  it("answers 503 naming PostgreSQL when the database is unreachable", async () => {
    app = await startApp({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${await freePort()}/lottery` });
    const body = (await (await fetch(`${app.baseUrl}/health/ready`)).json()) as { failing: string[] };
    expect(body.failing).toEqual(["postgres"]);
  });

  it("answers unknown routes and bad bodies with a code, never a stack trace", async () => {
    app = await startApp();
    const missing = await fetch(`${app.baseUrl}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ code: "NOT_FOUND", message: "no route for GET /nope" });

    const malformed = await fetch(`${app.baseUrl}/health/live`, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { code: string }).code).toBe("MALFORMED_JSON");

    const huge = await fetch(`${app.baseUrl}/health/live`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ pad: "x".repeat(70 * 1024) }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { code: string }).code).toBe("PAYLOAD_TOO_LARGE");
  });
});
