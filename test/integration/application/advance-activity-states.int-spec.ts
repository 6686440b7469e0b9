import { Pool } from "pg";
import { AdvanceActivityStatesUseCase } from "../../../src/application/compensation/advance-activity-states.use-case";
import type { Clock } from "../../../src/application/ports/clock.port";
import type { Logger } from "../../../src/application/ports/logger.port";
import { Activity } from "../../../src/domain/activity/activity.entity";
import { ActivityState } from "../../../src/domain/activity/activity-state";
import type { ActivityRepository } from "../../../src/domain/activity/activity.repository";
import { Strategy } from "../../../src/domain/strategy/strategy.entity";
import { PrismaActivityRepository } from "../../../src/infrastructure/persistence/activity.prisma-repository";
import { CachedActivityRepository } from "../../../src/infrastructure/persistence/cached-activity.repository";
import { pgPoolConfigFromUrl } from "../../../src/infrastructure/persistence/pg-pool-config";
import { createPrismaClient, type PrismaClient } from "../../../src/infrastructure/persistence/prisma-client.factory";
import { createOwnDatabase } from "../../support/own-database";
import { StrategyMother } from "../../support/strategy.mother";
import { uniqueId } from "../../support/unique-id";

// The job moves every due activity in its database, so on the shared test database it would
// start and close other test files' activities under their feet. This file gets its own.
// Assertions still look only at the activities each test created.
const NOW = new Date("2030-06-01T12:00:00.000Z");
const clock: Clock = { now: () => NOW };
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

const silentLog = (): jest.Mocked<Logger> => ({ debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() });

describe("AdvanceActivityStatesUseCase against PostgreSQL", () => {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let pg: Pool;
  let prisma: PrismaClient;
  let activities: PrismaActivityRepository;

  beforeAll(async () => {
    database = await createOwnDatabase();
    pg = new Pool(pgPoolConfigFromUrl(database.url, { max: 4 }));
    pg.on("error", () => undefined);
    prisma = createPrismaClient(database.url, 4);
    activities = new PrismaActivityRepository(prisma);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await pg?.end();
    await database?.drop();
  });

  /** Deploys an activity with the given window and puts it in `state`, as an operator's moves would have left it. */
  async function given(state: ActivityState, beginAt: Date, endAt: Date): Promise<number> {
    const activityId = uniqueId();
    const strategyId = uniqueId();
    const activity = Activity.create({ activityId, name: "State job", description: "", beginAt, endAt, stockCount: 10, takeCount: 1, strategyId, creator: "xiaofuge" });
    const strategy = Strategy.create({ ...StrategyMother.referenceProps(), strategyId });
    if (!activity.ok || !strategy.ok) throw new Error("test data is invalid");
    expect(await activities.deploy(activity.value, strategy.value)).toBe("DEPLOYED");
    await pg.query("UPDATE activity SET state = $1 WHERE activity_id = $2", [state, activityId]);
    return activityId;
  }

  async function stateOf(activityId: number): Promise<ActivityState> {
    const { rows } = await pg.query<{ state: number }>("SELECT state FROM activity WHERE activity_id = $1", [activityId]);
    return rows[0].state;
  }

  const job = (repository: ActivityRepository = activities, log = silentLog()) => new AdvanceActivityStatesUseCase(repository, clock, log);

  it("starts a PASS activity once its beginAt has passed, and says so in the log", async () => {
    const due = await given(ActivityState.PASS, minutes(-5), minutes(60));
    const log = silentLog();

    const moves = await job(activities, log).execute();

    expect(moves.started).toContain(due);
    expect(moves.closed).not.toContain(due);
    expect(await stateOf(due)).toBe(ActivityState.DOING);
    expect(log.info).toHaveBeenCalledWith(expect.objectContaining({ activityId: due, from: "PASS", to: "DOING" }), expect.any(String));
  });

  it("starts a PASS activity whose beginAt is exactly now", async () => {
    const due = await given(ActivityState.PASS, NOW, minutes(60));
    expect((await job().execute()).started).toContain(due);
    expect(await stateOf(due)).toBe(ActivityState.DOING);
  });

  it("leaves a PASS activity whose beginAt is still ahead in PASS", async () => {
    const early = await given(ActivityState.PASS, minutes(1), minutes(60));

    const moves = await job().execute();

    expect([...moves.started, ...moves.closed]).not.toContain(early);
    expect(await stateOf(early)).toBe(ActivityState.PASS);
  });

  it("closes a DOING activity once its endAt has passed, and says so in the log", async () => {
    const ended = await given(ActivityState.DOING, minutes(-120), minutes(-1));
    const log = silentLog();

    const moves = await job(activities, log).execute();

    expect(moves.closed).toContain(ended);
    expect(moves.started).not.toContain(ended);
    expect(await stateOf(ended)).toBe(ActivityState.CLOSE);
    expect(log.info).toHaveBeenCalledWith(expect.objectContaining({ activityId: ended, from: "DOING", to: "CLOSE" }), expect.any(String));
  });

  it("leaves a DOING activity open while now is inside its window, its last instant included", async () => {
    const running = await given(ActivityState.DOING, minutes(-60), minutes(60));
    const lastInstant = await given(ActivityState.DOING, minutes(-60), NOW);

    const moves = await job().execute();

    expect(moves.closed).not.toContain(running);
    expect(moves.closed).not.toContain(lastInstant);
    expect(await stateOf(running)).toBe(ActivityState.DOING);
    expect(await stateOf(lastInstant)).toBe(ActivityState.DOING);
  });

  it.each([
    ["EDIT", ActivityState.EDIT],
    ["ARRAIGNMENT", ActivityState.ARRAIGNMENT],
    ["REVOKE", ActivityState.REVOKE],
    ["REFUSE", ActivityState.REFUSE],
    ["CLOSE", ActivityState.CLOSE],
    ["OPEN", ActivityState.OPEN],
  ])("leaves an activity in %s alone, whether its window is open now or already over", async (_, state) => {
    const openNow = await given(state, minutes(-60), minutes(60));
    const over = await given(state, minutes(-120), minutes(-60));

    const moves = await job().execute();

    expect([...moves.started, ...moves.closed]).not.toContain(openNow);
    expect([...moves.started, ...moves.closed]).not.toContain(over);
    expect(await stateOf(openNow)).toBe(state);
    expect(await stateOf(over)).toBe(state);
  });

  // PASS → CLOSE is an allowed move, but closing a campaign that never ran is the operator's
  // call: it stays in PASS, visible in the PASS list, until they close it.
  it("does not start, nor close, a PASS activity whose whole window passed before it was started", async () => {
    const missed = await given(ActivityState.PASS, minutes(-120), minutes(-60));

    const moves = await job().execute();

    expect([...moves.started, ...moves.closed]).not.toContain(missed);
    expect(await stateOf(missed)).toBe(ActivityState.PASS);
  });

  it("moves each due activity exactly once when two jobs run at the same time", async () => {
    const toStart = await Promise.all(Array.from({ length: 15 }, () => given(ActivityState.PASS, minutes(-5), minutes(60))));
    const toClose = await Promise.all(Array.from({ length: 15 }, () => given(ActivityState.DOING, minutes(-60), minutes(-5))));
    const mine = new Set([...toStart, ...toClose]);

    const [first, second] = await Promise.all([job().execute(), job().execute()]);

    const started = [...first.started, ...second.started].filter((id) => mine.has(id));
    const closed = [...first.closed, ...second.closed].filter((id) => mine.has(id));
    expect(started).toHaveLength(new Set(started).size);
    expect(closed).toHaveLength(new Set(closed).size);
    expect([...started].sort()).toEqual([...toStart].sort());
    expect([...closed].sort()).toEqual([...toClose].sort());
    for (const id of toStart) expect(await stateOf(id)).toBe(ActivityState.DOING);
    for (const id of toClose) expect(await stateOf(id)).toBe(ActivityState.CLOSE);
  });

  it("lets the draw path's activity cache see a move at once, not after its TTL", async () => {
    const due = await given(ActivityState.PASS, minutes(-5), minutes(60));
    const cached = new CachedActivityRepository(activities, 60_000);
    expect((await cached.findActivity(due))?.state).toBe(ActivityState.PASS);

    expect((await job(cached).execute()).started).toContain(due);

    expect((await cached.findActivity(due))?.state).toBe(ActivityState.DOING);
  });
});
