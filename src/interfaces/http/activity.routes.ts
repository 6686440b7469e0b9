import { Router, type RequestHandler } from "express";
import type { ActivityQueries } from "../../application/activity/activity-queries";
import type { ChangeActivityStateUseCase } from "../../application/activity/change-activity-state.use-case";
import type { DeployActivityUseCase } from "../../application/activity/deploy-activity.use-case";
import { ActivityState, type ActivityAction } from "../../domain/activity/activity-state";
import { activityNotFound } from "../../domain/activity/activity.errors";
import { ActivityIdParam, ChangeStateRequest, DeployActivityRequest, ListActivitiesQuery, deployCommandOf } from "../contract/activity.request";
import { activityJson, deployedActivityJson } from "../contract/activity.response";
import { toHttpError } from "./domain-error.mapping";
import { requireJsonBody } from "./json-body.middleware";
import { validate } from "./validate";

export interface ActivityRouteDeps {
  requireOperator: RequestHandler;
  deploy: DeployActivityUseCase;
  changeState: ChangeActivityStateUseCase;
  queries: ActivityQueries;
}

/** Operator routes under /api/v1/activities (DOMAIN.md, REST API); all need the operator token. */
export function activityRoutes({ requireOperator, deploy, changeState, queries }: ActivityRouteDeps): Router {
  const router = Router();
  router.use("/api/v1/activities", requireOperator);

  router.post("/api/v1/activities", requireJsonBody, async (req, res) => {
    const body = validate(DeployActivityRequest, req.body);
    const result = await deploy.execute(deployCommandOf(body));
    if (!result.ok) throw toHttpError(result.error);
    res.status(201).json(deployedActivityJson(result.value));
  });

  router.post("/api/v1/activities/:activityId/state", requireJsonBody, async (req, res) => {
    const activityId = validate(ActivityIdParam, req.params.activityId, "path.activityId");
    const { action } = validate(ChangeStateRequest, req.body);
    const result = await changeState.execute(activityId, action as ActivityAction);
    if (!result.ok) throw toHttpError(result.error);
    res.json({ activityId, state: ActivityState[result.value.to], previousState: ActivityState[result.value.from] });
  });

  router.get("/api/v1/activities/:activityId", async (req, res) => {
    const activityId = validate(ActivityIdParam, req.params.activityId, "path.activityId");
    const found = await queries.get(activityId);
    if (!found) throw toHttpError(activityNotFound(activityId));
    res.json(deployedActivityJson(found));
  });

  router.get("/api/v1/activities", async (req, res) => {
    const query = validate(ListActivitiesQuery, req.query, "query");
    const state = query.state === undefined ? undefined : ActivityState[query.state];
    const page = await queries.list(query.page, query.size, state);
    res.json({ page: query.page, size: query.size, total: page.total, items: page.items.map(activityJson) });
  });
  return router;
}
