import { Router, type Request, type RequestHandler } from "express";
import type { ImportRedeemCodesUseCase } from "../../application/redeem-code/import-redeem-codes.use-case";
import type { RedeemCodeQueries } from "../../application/redeem-code/redeem-code-queries";
import type { RedeemCodePoolOwner } from "../../application/redeem-code/redeem-code-pool.locator";
import { ActivityIdParam } from "../contract/activity.request";
import { CampaignIdParam } from "../contract/campaign.request";
import { toHttpError } from "./domain-error.mapping";
import { HttpError } from "./http-error";
import { requestLines } from "./line-stream";
import { AwardIdParam } from "./redeem-code.request";
import { validate } from "./validate";

export interface RedeemCodeRouteDeps {
  requireOperator: RequestHandler;
  importCodes: ImportRedeemCodesUseCase;
  queries: RedeemCodeQueries;
}

const ACTIVITY_POOL = "/api/v1/activities/:activityId/awards/:awardId/redeem-codes";
// Campaign grants carry no activity: their pool is the campaign award's (strategy 0), see redeem-code-pool.locator.ts.
const CAMPAIGN_POOL = "/api/v1/campaigns/:campaignId/redeem-codes";

/** Operator routes of the redeem-code pools (DOMAIN.md, REST API): import codes, count them. */
export function redeemCodeRoutes({ requireOperator, importCodes, queries }: RedeemCodeRouteDeps): Router {
  const router = Router();

  // Streamed: the body is read line by line as it arrives, any size, with no body parser.
  const importRoute: RequestHandler = async (req, res) => {
    const owner = ownerOf(req);
    const type = (req.get("content-type") ?? "").toLowerCase();
    if (!type.startsWith("text/plain")) throw new HttpError("UNSUPPORTED_MEDIA_TYPE", "redeem codes are text/plain, one code per line");
    const result = await importCodes.execute(owner, requestLines(req, req.get("content-encoding")));
    if (!result.ok) throw toHttpError(result.error);
    res.json(result.value);
  };
  const statusRoute: RequestHandler = async (req, res) => {
    const result = await queries.status(ownerOf(req));
    if (!result.ok) throw toHttpError(result.error);
    res.json(result.value);
  };
  for (const path of [ACTIVITY_POOL, CAMPAIGN_POOL]) {
    router.post(path, requireOperator, importRoute);
    router.get(path, requireOperator, statusRoute);
  }
  return router;
}

function ownerOf(req: Request): RedeemCodePoolOwner {
  const params = req.params as Record<string, string | undefined>;
  if (params.campaignId !== undefined) return { campaignId: validate(CampaignIdParam, params.campaignId, "path.campaignId") };
  return { activityId: validate(ActivityIdParam, params.activityId, "path.activityId"), awardId: validate(AwardIdParam, params.awardId, "path.awardId") };
}
