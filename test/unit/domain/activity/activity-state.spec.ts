import { ActivityState, nextActivityState, type ActivityAction } from "../../../../src/domain/activity/activity-state";

const ACTIONS: ActivityAction[] = ["arraign", "pass", "refuse", "revoke", "doing", "close", "open"];
const ALL_STATES = Object.values(ActivityState).filter((v): v is ActivityState => typeof v === "number");

// The allowed moves of DOMAIN.md, written out independently of the implementation's table.
const ALLOWED: Array<[ActivityState, ActivityState]> = [
  [ActivityState.EDIT, ActivityState.ARRAIGNMENT],
  [ActivityState.EDIT, ActivityState.CLOSE],
  [ActivityState.ARRAIGNMENT, ActivityState.PASS],
  [ActivityState.ARRAIGNMENT, ActivityState.REFUSE],
  [ActivityState.ARRAIGNMENT, ActivityState.EDIT],
  [ActivityState.PASS, ActivityState.REFUSE],
  [ActivityState.PASS, ActivityState.CLOSE],
  [ActivityState.PASS, ActivityState.DOING],
  [ActivityState.REFUSE, ActivityState.EDIT],
  [ActivityState.REFUSE, ActivityState.CLOSE],
  [ActivityState.DOING, ActivityState.CLOSE],
  [ActivityState.CLOSE, ActivityState.OPEN],
  [ActivityState.OPEN, ActivityState.CLOSE],
  [ActivityState.OPEN, ActivityState.DOING],
];

describe("activity state moves", () => {
  it("reaches exactly the moves DOMAIN.md allows, from every state by every action", () => {
    const reached = new Set<string>();
    for (const from of ALL_STATES) {
      for (const action of ACTIONS) {
        const to = nextActivityState(from, action);
        if (to !== undefined) reached.add(`${ActivityState[from]}->${ActivityState[to]}`);
      }
    }
    expect([...reached].sort()).toEqual(ALLOWED.map(([f, t]) => `${ActivityState[f]}->${ActivityState[t]}`).sort());
  });

  it("refuses to move a running activity back into review", () => {
    expect(nextActivityState(ActivityState.DOING, "arraign")).toBeUndefined();
    expect(nextActivityState(ActivityState.DOING, "revoke")).toBeUndefined();
  });

  it("lets a closed activity only be reopened", () => {
    const moves = ACTIONS.filter((action) => nextActivityState(ActivityState.CLOSE, action) !== undefined);
    expect(moves).toEqual(["open"]);
  });
});
