import { Router, type RequestHandler } from "express";
import type { CampaignQueries } from "../../application/campaign/campaign-queries";
import type { ChangeCampaignStateUseCase } from "../../application/campaign/change-campaign-state.use-case";
import type { CreateCampaignUseCase } from "../../application/campaign/create-campaign.use-case";
import type { UploadRecipientsUseCase } from "../../application/campaign/upload-recipients.use-case";
import { campaignNotFound } from "../../domain/campaign/campaign.errors";
import type { CampaignAction } from "../../domain/campaign/campaign-state";
import { CAMPAIGN_ACTIONS, CampaignIdParam, CreateCampaignRequest, ListCampaignsQuery, createCampaignCommandOf } from "../contract/campaign.request";
import { campaignJson } from "../contract/campaign.response";
import { toHttpError } from "./domain-error.mapping";
import { HttpError } from "./http-error";
import { requireJsonBody } from "./json-body.middleware";
import { requestLines } from "./line-stream";
import { validate } from "./validate";

export interface CampaignRouteDeps {
  requireOperator: RequestHandler;
  create: CreateCampaignUseCase;
  upload: UploadRecipientsUseCase;
  changeState: ChangeCampaignStateUseCase;
  queries: CampaignQueries;
}

/** Operator routes under /api/v1/campaigns (DOMAIN.md, Bulk grant campaigns). */
export function campaignRoutes({ requireOperator, create, upload, changeState, queries }: CampaignRouteDeps): Router {
  const router = Router();
  router.use("/api/v1/campaigns", requireOperator);

  router.post("/api/v1/campaigns", requireJsonBody, async (req, res) => {
    const result = await create.execute(createCampaignCommandOf(validate(CreateCampaignRequest, req.body)));
    if (!result.ok) throw toHttpError(result.error);
    res.status(201).json({ campaignId: result.value.campaignId, state: result.value.state, recipients: 0 });
  });

  // Streamed: the body is read line by line as it arrives, any size, with no body parser.
  router.post("/api/v1/campaigns/:campaignId/recipients", async (req, res) => {
    const campaignId = validate(CampaignIdParam, req.params.campaignId, "path.campaignId");
    const type = (req.get("content-type") ?? "").toLowerCase();
    const format = type.startsWith("text/plain") ? "text" : type.startsWith("application/x-ndjson") ? "ndjson" : undefined;
    if (!format) {
      throw new HttpError("UNSUPPORTED_MEDIA_TYPE", 'recipients are text/plain (one uId per line) or application/x-ndjson (one {"uId":"..."} per line)');
    }
    const result = await upload.execute(campaignId, requestLines(req, req.get("content-encoding")), format);
    if (!result.ok) throw toHttpError(result.error);
    res.json(result.value);
  });

  for (const action of CAMPAIGN_ACTIONS) {
    router.post(`/api/v1/campaigns/:campaignId/${action}`, async (req, res) => {
      const campaignId = validate(CampaignIdParam, req.params.campaignId, "path.campaignId");
      const result = await changeState.execute(campaignId, action as CampaignAction);
      if (!result.ok) throw toHttpError(result.error);
      res.json(campaignJson(result.value));
    });
  }

  router.get("/api/v1/campaigns/:campaignId", async (req, res) => {
    const campaignId = validate(CampaignIdParam, req.params.campaignId, "path.campaignId");
    const found = await queries.get(campaignId);
    if (!found) throw toHttpError(campaignNotFound(campaignId));
    res.json(campaignJson(found));
  });

  router.get("/api/v1/campaigns", async (req, res) => {
    const query = validate(ListCampaignsQuery, req.query, "query");
    const page = await queries.list(query.page, query.size);
    res.json({ page: query.page, size: query.size, total: page.total, items: page.items.map(campaignJson) });
  });
  return router;
}
