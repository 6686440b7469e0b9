/**
 * Where a rebuilt live stock starts: units [0, next) were never handed out, `holes` are units
 * above `next` that no committed take holds (handed out once, then given back).
 */
export interface StockLayout {
  next: number;
  holes: number[];
}

/** A unit handed out to a draw whose commit has not been confirmed yet. */
export interface PendingUnit {
  takeId: bigint;
  unit: number;
  /** How long ago it was handed out, by the stock store's clock. */
  ageMs: number;
}

/** What the live stock of an activity holds right now. */
export interface StockView {
  /** Units [0, next) have never been handed out. */
  next: number;
  /** Units given back, handed out again before any new one. */
  free: number;
  /** Units handed out to draws whose commit is not confirmed yet. */
  pending: number;
}

/**
 * The live stock of every activity, shared by all API processes, as numbered units: a draw takes
 * one unit number (0 .. stockCount - 1) and its take row records it, and the database refuses a
 * second take of the same unit. So the live store only hands out numbers; it can lose its state
 * or hand out a used number and the activity is still never oversold.
 *
 * A unit handed out is pending until the draw confirms its commit, gives it back (the commit surely
 * failed) or discards it (another take holds it). A draw that died in between leaves it pending;
 * the stock reconciler resolves it from the database once no commit can still come.
 */
export interface ActivityStock {
  /**
   * Hands `takeId` a unit, or null when none is left. The same takeId asked again gets the same
   * unit. When the activity's state is missing (first draw, or the store lost it), it is rebuilt
   * from `layout` (read from the database), never reset to full.
   */
  take(activityId: number, takeId: bigint, layout: () => Promise<StockLayout>): Promise<number | null>;
  /** The take holding `unit` committed. */
  confirm(activityId: number, takeId: bigint): Promise<void>;
  /** The take of `takeId` surely did not commit: its unit is free again. A no-op when it holds none. */
  giveBack(activityId: number, takeId: bigint, unit: number): Promise<void>;
  /** `unit` turned out to be held by a committed take of another draw: forget it, it is not free. */
  discard(activityId: number, takeId: bigint): Promise<void>;

  /** Activities whose live stock exists, for the reconciler. */
  trackedActivities(): Promise<number[]>;
  view(activityId: number): Promise<StockView | null>;
  /** The units given back and not handed out again. */
  freeUnits(activityId: number): Promise<number[]>;
  pending(activityId: number): Promise<PendingUnit[]>;
  /**
   * Takes out of circulation units that committed takes hold although the store would hand them
   * out (the store was rebuilt while draws were in flight). Units below `next` that are not in
   * `used` but lie above the lowest of them stay available, as free units.
   */
  exclude(activityId: number, used: number[]): Promise<void>;
}

/** What the database knows of an activity's stock: the units committed takes hold. */
export interface StockRecords {
  /** Where a live stock rebuilt now starts, from the units committed takes hold. */
  layout(activityId: number): Promise<StockLayout>;
  /** Which of `units` committed takes of the activity hold. */
  heldUnits(activityId: number, units: number[]): Promise<number[]>;
  /** Units below `below` that committed takes hold (normally none: the store hands out from the top). */
  heldUnitsBelow(activityId: number, below: number, limit: number): Promise<number[]>;
  /** Stores the activity's stock surplus as shown to operators, and its award lines' surplus, when they differ. */
  storeSurplus(activityId: number, surplus: number): Promise<void>;
}
