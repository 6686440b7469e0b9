import { campaignNotFound, campaignStateConflict, type CampaignError } from "../../domain/campaign/campaign.errors";
import type { CampaignRepository } from "../../domain/campaign/campaign.repository";
import { recipientHash, recipientOf, type RecipientLineProblem } from "../../domain/campaign/recipient-line";
import { err, ok, type Result } from "../../shared/result";

export interface UploadReport {
  accepted: number;
  duplicates: number;
  /** The first 100 bad lines, by line number (1-based). */
  invalid: Array<{ line: number; reason: RecipientLineProblem }>;
  /** All bad lines, also those past the first 100. */
  invalidCount: number;
}

/** Lines written per statement: big enough to be cheap, small enough to keep memory flat. */
const BATCH = 5_000;
const MAX_REPORTED = 100;

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

    const report: UploadReport = { accepted: 0, duplicates: 0, invalid: [], invalidCount: 0 };
    let batch: Array<{ uId: string; hash: number }> = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const added = await this.campaigns.addRecipients(campaignId, batch);
      report.accepted += added;
      report.duplicates += batch.length - added;
      batch = [];
    };
    let number = 0;
    for await (const line of lines) {
      number++;
      const parsed = recipientOf(line, format);
      if ("problem" in parsed) {
        report.invalidCount++;
        if (report.invalid.length < MAX_REPORTED) report.invalid.push({ line: number, reason: parsed.problem });
        continue;
      }
      batch.push({ uId: parsed.uId, hash: recipientHash(parsed.uId) });
      if (batch.length >= BATCH) {
        await flush();
        onProgress?.(number);
      }
    }
    await flush();
    onProgress?.(number);
    return ok(report);
  }
}
