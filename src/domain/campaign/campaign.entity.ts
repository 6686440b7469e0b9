import { err, ok, type Result } from "../../shared/result";
import { isAwardType, type AwardType } from "../award/award-type";
import { campaignInvalid, type CampaignError } from "./campaign.errors";
import type { CampaignState } from "./campaign-state";

export interface CampaignAward {
  awardId: string;
  type: AwardType;
  name: string;
  content: string;
}

export interface CampaignProps {
  campaignId: number;
  name: string;
  award: CampaignAward;
  /** Grants per recipient: each recipient gets orders n = 1 .. perUser. */
  perUser: number;
  state: CampaignState;
}

/** Progress of a campaign, as its counters hold it (DOMAIN.md's status fields). */
export interface CampaignProgress {
  recipients: number;
  ordered: number;
  sent: number;
  granted: number;
  failed: number;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export const MAX_GRANTS_PER_USER = 10;

/**
 * A bulk grant campaign (seeds/000): one award to every recipient, `perUser` times. Each grant
 * is an ordinary order keyed (campaign, uId, n), so it is made exactly once whatever is retried.
 */
export class Campaign {
  private constructor(private readonly props: CampaignProps) {}

  static create(input: Omit<CampaignProps, "state">): Result<Campaign, CampaignError> {
    const problem = firstProblem(input);
    return problem ? err(problem) : ok(new Campaign({ ...input, state: "OPEN" }));
  }

  static restore(props: CampaignProps): Campaign {
    return new Campaign({ ...props, award: { ...props.award } });
  }

  get campaignId(): number {
    return this.props.campaignId;
  }
  get state(): CampaignState {
    return this.props.state;
  }
  get perUser(): number {
    return this.props.perUser;
  }
  get award(): CampaignAward {
    return { ...this.props.award };
  }

  /** The order key of recipient `uId`'s grant number `n`: unique, so a grant is never made twice. */
  grantKey(uId: string, n: number): string {
    return `campaign:${this.props.campaignId}:${n}:${uId}`;
  }

  toProps(): CampaignProps {
    return { ...this.props, award: { ...this.props.award } };
  }
}

function firstProblem(input: Omit<CampaignProps, "state">): CampaignError | undefined {
  if (!Number.isSafeInteger(input.campaignId) || input.campaignId <= 0) return campaignInvalid("campaignId", "must be a positive integer");
  if (typeof input.name !== "string" || input.name.trim() === "" || [...input.name].length > 128) return campaignInvalid("name", "must be 1 to 128 characters");
  const award = input.award;
  if (typeof award?.awardId !== "string" || award.awardId.trim() === "" || [...award.awardId].length > 64) return campaignInvalid("award.awardId", "must be 1 to 64 characters");
  if (!isAwardType(award.type)) return campaignInvalid("award.type", "must be DESC, REDEEM_CODE, COUPON or PHYSICAL");
  if (typeof award.name !== "string" || award.name.trim() === "" || [...award.name].length > 128) return campaignInvalid("award.name", "must be 1 to 128 characters");
  if (typeof award.content !== "string" || [...award.content].length > 1024) return campaignInvalid("award.content", "must be at most 1024 characters");
  if (!Number.isInteger(input.perUser) || input.perUser < 1 || input.perUser > MAX_GRANTS_PER_USER) return campaignInvalid("perUser", `must be an integer from 1 to ${MAX_GRANTS_PER_USER}`);
  return undefined;
}
