/**
 * Errors of the activity sub-domain. Codes are strings (they cross HTTP and Kafka, where
 * `instanceof` does not survive); the HTTP layer maps each code to a status in one table.
 */
export type ActivityErrorCode =
  | "ACTIVITY.INVALID"
  | "ACTIVITY.NOT_FOUND"
  | "ACTIVITY.ALREADY_EXISTS"
  | "ACTIVITY.STATE_CONFLICT";

export class ActivityError extends Error {
  constructor(
    readonly code: ActivityErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ActivityError";
  }
}

export const activityInvalid = (field: string, problem: string) => new ActivityError("ACTIVITY.INVALID", `${field}: ${problem}`);
export const activityNotFound = (activityId: number) => new ActivityError("ACTIVITY.NOT_FOUND", `activity ${activityId} does not exist`);
