import type { ActivityRepository, TimedMoves } from "../../domain/activity/activity.repository";
import type { Clock } from "../ports/clock.port";
import type { Logger } from "../ports/logger.port";

/**
 * The activity state job (DOMAIN.md, Compensation): starts approved activities once their window
 * opens and closes running ones once it has ended. Safe to run in any number of workers at once:
 * every move is a compare-and-set, so each activity is moved by exactly one of them.
 *
 * An approved (PASS) activity whose whole window passed before it was ever started is left in
 * PASS: closing a campaign that never ran is the operator's call, and it stays visible in the
 * PASS list until they make it.
 */
export class AdvanceActivityStatesUseCase {
  constructor(
    private readonly activities: ActivityRepository,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async execute(): Promise<TimedMoves> {
    const now = this.clock.now();
    const moves = await this.activities.advanceByTime(now);
    for (const activityId of moves.started) this.log.info({ activityId, from: "PASS", to: "DOING", now }, "activity started: its window opened");
    for (const activityId of moves.closed) this.log.info({ activityId, from: "DOING", to: "CLOSE", now }, "activity closed: its window ended");
    return moves;
  }
}
