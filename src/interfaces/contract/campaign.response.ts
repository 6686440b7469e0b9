import type { CampaignView } from "../../domain/campaign/campaign.repository";
import { awardTypeName } from "../../domain/award/award-type";

/** A campaign as `GET /api/v1/campaigns/{id}` answers it (DOMAIN.md's fields, plus the award and perUser). */
export function campaignJson({ campaign, progress }: CampaignView) {
  const c = campaign.toProps();
  return {
    campaignId: c.campaignId,
    name: c.name,
    award: { awardId: c.award.awardId, type: awardTypeName(c.award.type), name: c.award.name, content: c.award.content },
    perUser: c.perUser,
    state: c.state,
    recipients: progress.recipients,
    ordered: progress.ordered,
    sent: progress.sent,
    granted: progress.granted,
    failed: progress.failed,
    startedAt: progress.startedAt?.toISOString() ?? null,
    finishedAt: progress.finishedAt?.toISOString() ?? null,
  };
}
