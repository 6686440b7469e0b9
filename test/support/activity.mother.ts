import type { DeployActivityCommand } from "../../src/application/activity/deploy-activity.use-case";
import { Activity, type NewActivityProps } from "../../src/domain/activity/activity.entity";
import type { ActivityState } from "../../src/domain/activity/activity-state";
import { StrategyMother } from "./strategy.mother";

const HOUR_MS = 3600_000;

/** Activities for unit tests: the reference one (DOMAIN.md's 100001 with strategy 10001) and windows around a given time. */
export const ActivityMother = {
  props(overrides: Partial<NewActivityProps> = {}, now: Date = new Date("2026-12-01T00:00:00Z")): NewActivityProps {
    return {
      activityId: 100001,
      name: "Reference activity",
      description: "the seeds' test data",
      beginAt: new Date(now.getTime() - HOUR_MS),
      endAt: new Date(now.getTime() + 24 * HOUR_MS),
      stockCount: 100,
      takeCount: 10,
      strategyId: 10001,
      creator: "xiaofuge",
      ...overrides,
    };
  },

  /** A deployed activity in `state`, as an operator's moves would have left it. */
  inState(state: ActivityState, overrides: Partial<NewActivityProps> = {}): Activity {
    const created = Activity.create(ActivityMother.props(overrides));
    if (!created.ok) throw new Error(`ActivityMother built an invalid activity: ${created.error.message}`);
    return Activity.restore({ ...created.value.toProps(), state });
  },

  /** The command an operator's deploy request becomes. */
  deployCommand(overrides: Partial<NewActivityProps> = {}): DeployActivityCommand {
    const { strategyId, ...activity } = ActivityMother.props(overrides);
    return { activity, strategy: { ...StrategyMother.referenceProps(), strategyId } };
  },
};
