import { Router } from "express";
import { buildOpenApiDocument } from "./openapi.document";

/** GET /openapi.json: the OpenAPI 3.1 document of this API, built once. Served by every role. */
export function openApiRoutes(): Router {
  const router = Router();
  const document = JSON.stringify(buildOpenApiDocument());
  router.get("/openapi.json", (_req, res) => {
    res.type("application/json").send(document);
  });
  return router;
}
