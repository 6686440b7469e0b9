/** Activity states as stored (DOMAIN.md, Activity). The numbers are persisted: never renumber. */
export enum ActivityState {
  EDIT = 1,
  ARRAIGNMENT = 2,
  REVOKE = 3,
  PASS = 4,
  DOING = 5,
  REFUSE = 6,
  CLOSE = 7,
  OPEN = 8,
}

/** Operator actions of `POST /api/v1/activities/{id}/state`. */
export type ActivityAction = "arraign" | "pass" | "refuse" | "revoke" | "doing" | "close" | "open";

/**
 * Every allowed move, as from-state → action → to-state. Anything absent is refused.
 * "revoke" sends a reviewed activity back to EDIT (the seeds' ARRAIGNMENT→EDIT move).
 */
const MOVES: Readonly<Partial<Record<ActivityState, Partial<Record<ActivityAction, ActivityState>>>>> = {
  [ActivityState.EDIT]: { arraign: ActivityState.ARRAIGNMENT, close: ActivityState.CLOSE },
  [ActivityState.ARRAIGNMENT]: { pass: ActivityState.PASS, refuse: ActivityState.REFUSE, revoke: ActivityState.EDIT },
  [ActivityState.PASS]: { refuse: ActivityState.REFUSE, close: ActivityState.CLOSE, doing: ActivityState.DOING },
  [ActivityState.REFUSE]: { revoke: ActivityState.EDIT, close: ActivityState.CLOSE },
  [ActivityState.DOING]: { close: ActivityState.CLOSE },
  [ActivityState.CLOSE]: { open: ActivityState.OPEN },
  [ActivityState.OPEN]: { close: ActivityState.CLOSE, doing: ActivityState.DOING },
};

/** The state an action leads to from `from`, or undefined when the move is not allowed. */
export function nextActivityState(from: ActivityState, action: ActivityAction): ActivityState | undefined {
  return MOVES[from]?.[action];
}

/** The actions allowed from `from`, in the order of the state machine above (for the console's buttons and refusals). */
export function allowedActivityActions(from: ActivityState): ActivityAction[] {
  return Object.keys(MOVES[from] ?? {}) as ActivityAction[];
}

/** What each action does, in words an operator reads in a refusal ("cannot be started (doing)"). */
const ACTION_WORDS: Readonly<Record<ActivityAction, string>> = {
  arraign: "sent to review",
  pass: "passed",
  refuse: "refused",
  revoke: "sent back to edit",
  doing: "started",
  close: "closed",
  open: "opened",
};

/** "activity 100001 cannot be started (doing) from state CLOSE; allowed from CLOSE: open". */
export function refusedMoveMessage(activityId: number, from: ActivityState, action: ActivityAction): string {
  const allowed = allowedActivityActions(from);
  const hint = allowed.length > 0 ? `; allowed from ${ActivityState[from]}: ${allowed.join(", ")}` : "";
  return `activity ${activityId} cannot be ${ACTION_WORDS[action]} (${action}) from state ${ActivityState[from]}${hint}`;
}
