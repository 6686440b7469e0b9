import { z } from "zod";
import { CampaignIdParam, CreateCampaignRequest, ListCampaignsQuery } from "../contract/campaign.request";
import { CampaignPageResponse, CampaignResponse, RecipientsUploadResponse } from "./campaign.response-schema";
import { BODY_ERRORS, SERVER_ERRORS, path, queryParameters, type RouteSpec } from "./openapi-route-spec";

/** The bulk grant campaign routes (campaign.routes.ts) for openapi.document.ts. */
export function campaignRoutesSpec(): RouteSpec[] {
  const campaignId = path("campaignId", CampaignIdParam, "the campaign id");
  const base = { tag: "campaigns", operator: true } as const;
  return [
    {
      ...base,
      method: "post",
      path: "/api/v1/campaigns",
      operationId: "createCampaign",
      summary: "Create a bulk grant campaign (state OPEN)",
      body: CreateCampaignRequest,
      ok: { status: 201, description: "the campaign", schema: z.strictObject({ campaignId: z.number().int(), state: z.literal("OPEN"), recipients: z.literal(0) }) },
      errors: ["UNAUTHORIZED", ...BODY_ERRORS, "CAMPAIGN_ALREADY_EXISTS", ...SERVER_ERRORS],
    },
    {
      ...base,
      method: "post",
      path: "/api/v1/campaigns/{campaignId}/recipients",
      operationId: "addCampaignRecipients",
      summary: "Add recipients to an OPEN campaign, streamed (any size); duplicates add nothing, bad lines are reported and skipped",
      parameters: [campaignId],
      rawBody: {
        description: "one uId per line (text/plain) or one {\"uId\":\"...\"} per line (application/x-ndjson); Content-Encoding gzip, deflate or br",
        content: { "text/plain": { schema: { type: "string" } }, "application/x-ndjson": { schema: { type: "string" } } },
      },
      ok: { status: 200, description: "what the upload added; the first 100 bad lines with their numbers", schema: RecipientsUploadResponse },
      errors: ["UNAUTHORIZED", "ILLEGAL_PARAMETER", "MALFORMED_BODY", "UNSUPPORTED_MEDIA_TYPE", "CAMPAIGN_NOT_FOUND", "CAMPAIGN_STATE_CONFLICT", ...SERVER_ERRORS],
    },
    ...(["start", "pause", "resume"] as const).map(
      (action): RouteSpec => ({
        ...base,
        method: "post",
        path: `/api/v1/campaigns/{campaignId}/${action}`,
        operationId: `${action}Campaign`,
        summary: { start: "Start an OPEN campaign: its chunks are run by the workers", pause: "Pause a RUNNING campaign: no new chunk starts", resume: "Resume a PAUSED campaign" }[action],
        parameters: [campaignId],
        ok: { status: 200, description: "the campaign", schema: CampaignResponse },
        errors: ["UNAUTHORIZED", "ILLEGAL_PARAMETER", "CAMPAIGN_NOT_FOUND", "CAMPAIGN_STATE_CONFLICT", ...SERVER_ERRORS],
      }),
    ),
    {
      ...base,
      method: "get",
      path: "/api/v1/campaigns/{campaignId}",
      operationId: "getCampaign",
      summary: "A campaign and its progress (from its counters: cheap while it runs)",
      parameters: [campaignId],
      ok: { status: 200, description: "the campaign", schema: CampaignResponse },
      errors: ["UNAUTHORIZED", "ILLEGAL_PARAMETER", "CAMPAIGN_NOT_FOUND", ...SERVER_ERRORS],
    },
    {
      ...base,
      method: "get",
      path: "/api/v1/campaigns",
      operationId: "listCampaigns",
      summary: "A page of campaigns",
      parameters: queryParameters(ListCampaignsQuery),
      ok: { status: 200, description: "the page", schema: CampaignPageResponse },
      errors: ["UNAUTHORIZED", "ILLEGAL_PARAMETER", ...SERVER_ERRORS],
    },
  ];
}
