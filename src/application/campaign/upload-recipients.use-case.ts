import { campaignNotFound, campaignStateConflict, type CampaignError } from "../../domain/campaign/campaign.errors";
import type { CampaignRepository } from "../../domain/campaign/campaign.repository";
import { recipientHash, recipientOf, type RecipientLineProblem } from "../../domain/campaign/recipient-line";
import { err, ok, type Result } from "../../shared/result";
import { importLines, type LineImportTally } from "../line-import";

export type UploadReport = Omit<LineImportTally<RecipientLineProblem>, "written"> & { accepted: number };

/**
 * Adds an upload of recipients to an OPEN campaign, streamed: lines are read, checked and written
 * a batch at a time, so millions of lines take no more memory than one batch. A bad line is
 * reported with its number and skipped; a uId already listed (in this upload or an earlier one)
 * counts as a duplicate and adds nothing.
 */
export class UploadRecipientsUseCase {
  constructor(private readonly campaigns: CampaignRepository) {}

  async execute(
    campaignId: number,
    lines: AsyncIterable<string>,
    format: "text" | "ndjson",
    onProgress?: (linesRead: number) => void,
  ): Promise<Result<UploadReport, CampaignError>> {
    const view = await this.campaigns.find(campaignId);
    if (!view) return err(campaignNotFound(campaignId));
    // Chunks are cut when the campaign starts: a recipient added later would belong to none.
    if (view.campaign.state !== "OPEN") return err(campaignStateConflict(campaignId, "take recipients", view.campaign.state));

    const { written, ...rest } = await importLines(
      lines,
      (line) => {
        const parsed = recipientOf(line, format);
        return "problem" in parsed ? parsed : { item: { uId: parsed.uId, hash: recipientHash(parsed.uId) } };
      },
      (recipients) => this.campaigns.addRecipients(campaignId, recipients),
      onProgress,
    );
    return ok({ accepted: written, ...rest });
  }
}
