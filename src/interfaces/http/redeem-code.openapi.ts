import { ActivityIdParam } from "../contract/activity.request";
import { CampaignIdParam } from "../contract/campaign.request";
import { SERVER_ERRORS, path, type RouteSpec } from "./openapi-route-spec";
import { AwardIdParam } from "./redeem-code.request";
import { RedeemCodeImportResponse, RedeemCodePoolResponse } from "./redeem-code.response-schema";

const IMPORT_BODY = {
  description:
    "one code per line (text/plain; Content-Encoding gzip, deflate or br), streamed: any size. Spaces around a code and a trailing CR are dropped; " +
    "a code is 1 to 64 printable characters (no control or format characters such as tabs). Bad lines are reported and skipped.",
  content: { "text/plain": { schema: { type: "string" } } },
};
const IMPORT_ERRORS = ["UNAUTHORIZED", "ILLEGAL_PARAMETER", "MALFORMED_BODY", "UNSUPPORTED_MEDIA_TYPE"] as const;

/** The redeem-code pool routes (redeem-code.routes.ts) for openapi.document.ts. */
export function redeemCodeRoutesSpec(): RouteSpec[] {
  const base = { tag: "redeem codes", operator: true } as const;
  const activityPool = "/api/v1/activities/{activityId}/awards/{awardId}/redeem-codes";
  const campaignPool = "/api/v1/campaigns/{campaignId}/redeem-codes";
  const activityParams = [path("activityId", ActivityIdParam, "the activity id"), path("awardId", AwardIdParam, "the award id as deployed")];
  const campaignParams = [path("campaignId", CampaignIdParam, "the campaign id")];
  const notRedeemCode = "AWARD_NOT_REDEEM_CODE";
  return [
    {
      ...base,
      method: "post",
      path: activityPool,
      operationId: "importRedeemCodes",
      summary:
        "Add codes to a REDEEM_CODE award's pool, streamed; a code the pool has already counts as a duplicate (importing a file twice adds nothing). " +
        "409 AWARD_NOT_REDEEM_CODE when the award is of another type",
      parameters: activityParams,
      rawBody: IMPORT_BODY,
      ok: { status: 200, description: "what the import added; the first 100 bad lines with their numbers", schema: RedeemCodeImportResponse },
      errors: [...IMPORT_ERRORS, "ACTIVITY_NOT_FOUND", "AWARD_NOT_FOUND", notRedeemCode, ...SERVER_ERRORS],
    },
    {
      ...base,
      method: "get",
      path: activityPool,
      operationId: "redeemCodePool",
      summary: "The codes of a REDEEM_CODE award's pool: total, used, free",
      parameters: activityParams,
      ok: { status: 200, description: "the pool's counts", schema: RedeemCodePoolResponse },
      errors: ["UNAUTHORIZED", "ILLEGAL_PARAMETER", "ACTIVITY_NOT_FOUND", "AWARD_NOT_FOUND", notRedeemCode, ...SERVER_ERRORS],
    },
    {
      ...base,
      method: "post",
      path: campaignPool,
      operationId: "importCampaignRedeemCodes",
      summary:
        "Add codes to the pool a REDEEM_CODE campaign's grants draw from (shared by campaigns granting the same awardId), streamed, as for an activity's award",
      parameters: campaignParams,
      rawBody: IMPORT_BODY,
      ok: { status: 200, description: "what the import added; the first 100 bad lines with their numbers", schema: RedeemCodeImportResponse },
      errors: [...IMPORT_ERRORS, "CAMPAIGN_NOT_FOUND", notRedeemCode, ...SERVER_ERRORS],
    },
    {
      ...base,
      method: "get",
      path: campaignPool,
      operationId: "campaignRedeemCodePool",
      summary: "The codes of the pool a REDEEM_CODE campaign draws from: total, used, free",
      parameters: campaignParams,
      ok: { status: 200, description: "the pool's counts", schema: RedeemCodePoolResponse },
      errors: ["UNAUTHORIZED", "ILLEGAL_PARAMETER", "CAMPAIGN_NOT_FOUND", notRedeemCode, ...SERVER_ERRORS],
    },
  ];
}
