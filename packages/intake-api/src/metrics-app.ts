import { jsonErrorHandler, notFoundHandler } from "@cert/http";
import type { Logger } from "@cert/logger";
import express, { type Express } from "express";
import type { Registry } from "prom-client";
import { metricsHandler } from "./metrics";

/**
 * An app serving only `GET /metrics` (Prometheus text) from `registry`, for the API's separate
 * metrics listener (`METRICS_PORT`): scrapers reach it on an internal port while the public
 * listener answers `/metrics` 404. Everything else answers 404 JSON.
 */
export function createMetricsApp(registry: Registry, logger: Logger): Express {
  const app = express();
  app.disable("x-powered-by");
  app.get("/metrics", metricsHandler(registry));
  app.use(notFoundHandler);
  app.use(jsonErrorHandler(logger));
  return app;
}
