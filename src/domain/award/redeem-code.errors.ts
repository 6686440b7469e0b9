import { DomainError } from "../../shared/domain-error";

/** Refusals of the redeem-code pools; each code is its public REST code (DOMAIN.md). */
export type RedeemCodeErrorCode = "AWARD_NOT_FOUND" | "AWARD_NOT_REDEEM_CODE";

export class RedeemCodeError extends DomainError<RedeemCodeErrorCode> {}

export const awardNotFound = (owner: string, awardId: string) => new RedeemCodeError("AWARD_NOT_FOUND", `${owner} has no award ${JSON.stringify(awardId)}`);
export const awardNotRedeemCode = (owner: string, awardId: string, type: string) =>
  new RedeemCodeError("AWARD_NOT_REDEEM_CODE", `award ${JSON.stringify(awardId)} of ${owner} is a ${type} award: only REDEEM_CODE awards have a code pool`);
