/** Refusals of the redeem-code pools; codes map to REST codes in the HTTP layer's one table. */
export type RedeemCodeErrorCode = "AWARD.NOT_FOUND" | "AWARD.NOT_REDEEM_CODE";

export class RedeemCodeError {
  constructor(
    readonly code: RedeemCodeErrorCode,
    readonly message: string,
  ) {}
}

export const awardNotFound = (owner: string, awardId: string) => new RedeemCodeError("AWARD.NOT_FOUND", `${owner} has no award ${JSON.stringify(awardId)}`);
export const awardNotRedeemCode = (owner: string, awardId: string, type: string) =>
  new RedeemCodeError("AWARD.NOT_REDEEM_CODE", `award ${JSON.stringify(awardId)} of ${owner} is a ${type} award: only REDEEM_CODE awards have a code pool`);
