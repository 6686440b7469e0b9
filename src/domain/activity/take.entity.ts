/** One right to draw once (user_take_activity). State 0 unused, 1 used. */
export interface Take {
  takeId: bigint;
  uId: string;
  activityId: number;
  /** 1 for the user's first take in the activity, 2 for the second, ... */
  ordinal: number;
  takenAt: Date;
}
