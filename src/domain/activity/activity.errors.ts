import { DomainError } from "../../shared/domain-error";

/** Refusals of the activity sub-domain; each code is its public REST code (DOMAIN.md). */
export type ActivityErrorCode = "ILLEGAL_PARAMETER" | "ACTIVITY_NOT_FOUND" | "ACTIVITY_ALREADY_EXISTS" | "ACTIVITY_STATE_CONFLICT";

export class ActivityError extends DomainError<ActivityErrorCode> {}

export const activityInvalid = (field: string, problem: string) => new ActivityError("ILLEGAL_PARAMETER", `${field}: ${problem}`, { path: field, problem });
export const activityNotFound = (activityId: number) => new ActivityError("ACTIVITY_NOT_FOUND", `activity ${activityId} does not exist`);
