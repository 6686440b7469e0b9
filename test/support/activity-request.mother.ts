import { uniqueId } from "./unique-id";

type Award = { awardId: string; type: string; name: string; content: string; count: number; rate: string };

/** Deploy request bodies for `POST /api/v1/activities`, with ids no other test uses. */
export const ActivityRequestMother = {
  /** The seeds' reference scenario (DOMAIN.md): ENTIRETY over IMac, iphone, ipad, AirPods, Book. */
  reference(overrides: Record<string, unknown> = {}) {
    const now = Date.now();
    return {
      activityId: uniqueId(),
      name: "Reference activity",
      description: "the seeds' test data",
      beginAt: new Date(now - 3600_000).toISOString(),
      endAt: new Date(now + 24 * 3600_000).toISOString(),
      stockCount: 100,
      takeCount: 10,
      creator: "xiaofuge",
      strategy: {
        strategyId: uniqueId(),
        mode: "ENTIRETY",
        grantType: 1,
        awards: [
          award("1", "IMac", 10, "0.05"),
          award("2", "iphone", 20, "0.15"),
          award("3", "ipad", 50, "0.20"),
          award("4", "AirPods", 100, "0.25"),
          award("5", "Book", 500, "0.35"),
        ],
      },
      ...overrides,
    };
  },

  withAwards(mode: "SINGLE" | "ENTIRETY", awards: Award[]) {
    const body = ActivityRequestMother.reference();
    return { ...body, strategy: { ...body.strategy, mode, awards } };
  },
};

export function award(awardId: string, name: string, count: number, rate: string, type = "DESC"): Award {
  return { awardId, type, name, content: `${name} prize`, count, rate };
}
