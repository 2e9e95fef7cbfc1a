import { jsonErrorHandler, NotFoundError, type RedisCaller } from "@cert/http";
import type { Logger } from "@cert/logger";
import type { Queue } from "bullmq";
import express, { type Router } from "express";
import { type AdminApiOptions, createAdminApi } from "./admin-api";
import { requireAdmin } from "./auth";
import { createAuthFailureLimit } from "./auth-failure-limit";
import { createBoardGuard } from "./board-guard";
import { AdminCredentials } from "./credentials";
import { createDashboard } from "./dashboard";
import { AdminConfigError } from "./errors";
import { addSessionRoutes } from "./session-routes";
import { AdminSessions } from "./sessions";

export interface AdminRouterOptions {
  /** Queues shown on the dashboard and served by `/api`; the first is the API's default. */
  queues: readonly Queue[];
  /** The admin bearer token (`ADMIN_TOKEN`). Required, non-empty; never logged. */
  adminToken: string;
  logger: Logger;
  /**
   * Absolute path the router is mounted at. Used for redirects, bull-board's asset URLs and the
   * session cookie's Path. Default `"/admin"`.
   */
  basePath?: string;
  /** Most failed jobs one `POST /api/failed/retry-all` retries. Default `1000`. */
  retryAllLimit?: number;
  /** How long a browser session (login cookie) lasts. Default 8 hours (one shift). */
  sessionTtlMs?: number;
  /**
   * Fail-fast Redis connection (not the queue's) for the browser sessions and the failed-
   * authentication counters, so every API instance shares them.
   */
  redis: RedisCaller;
  /** Namespace of those keys, e.g. `cert:admin:` (derive it from `QUEUE_PREFIX`). */
  keyPrefix: string;
  /**
   * Failed authentications (wrong bearer token, wrong or revoked session, wrong sign-in) one
   * client IP may make per `failedAuthWindowMs` on all admin routes together, across all
   * instances; beyond it every admin request of that client answers 429. Default 20.
   */
  failedAuthLimit?: number;
  /** The window of `failedAuthLimit`. Default 15 minutes. */
  failedAuthWindowMs?: number;
  /** Serves `POST /api/users/:user_id/erase` (the app gives @cert/outbox's `eraseUser`). */
  erasure?: AdminApiOptions["erasure"];
}

function validate(options: AdminRouterOptions, basePath: string, retryAllLimit: number): void {
  if (typeof options.adminToken !== "string" || options.adminToken.length === 0) {
    throw new AdminConfigError("adminToken must be a non-empty string");
  }
  if (options.queues.length === 0) throw new AdminConfigError("queues must not be empty");
  const names = options.queues.map((queue) => queue.name);
  if (new Set(names).size !== names.length)
    throw new AdminConfigError("queue names must be unique");
  if (!/^\/[^?#]*[^/?#]$/.test(basePath)) {
    throw new AdminConfigError("basePath must start with / and not end with /");
  }
  if (!/^[A-Za-z0-9:_.{}-]{1,100}$/.test(options.keyPrefix)) {
    throw new AdminConfigError("keyPrefix must be 1-100 letters, digits or ':_.{}-'");
  }
  if (!Number.isInteger(retryAllLimit) || retryAllLimit < 1) {
    throw new AdminConfigError("retryAllLimit must be a positive integer");
  }
}

/**
 * The operators' admin surface, to mount at `basePath` (`app.use("/admin", router)`):
 * - `GET /login`, `POST /login` (form field `token`), `POST /logout`: the browser session.
 * - `/queues`: the bull-board dashboard, inspect and retry only (page loads without
 *   credentials go to the login page).
 * - `/api/...`: the JSON admin API (see `createAdminApi`); 401 without credentials.
 *
 * Every other route needs `Authorization: Bearer <adminToken>` or the session cookie; a
 * cookie-authenticated change must come from this host's pages (Origin check). Failed
 * authentications are limited per client on every route (see `failedAuthLimit`).
 */
export function createAdminRouter(options: AdminRouterOptions): Router {
  const basePath = options.basePath ?? "/admin";
  const retryAllLimit = options.retryAllLimit ?? 1000;
  validate(options, basePath, retryAllLimit);
  const { queues, logger, redis, keyPrefix } = options;
  const credentials = new AdminCredentials(
    options.adminToken,
    options.sessionTtlMs ?? 8 * 3600_000,
  );
  const sessions = new AdminSessions(credentials, redis, keyPrefix);
  const loginPath = `${basePath}/login`;
  const guard = (unauthorized: "json" | "login-redirect") =>
    requireAdmin({ credentials, sessions, logger, unauthorized, loginPath });

  const router = express.Router();
  // Admin answers describe live queue state and sessions: never cache them anywhere.
  router.use((_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });
  // Before anything else, so a client over its budget of failures is refused on every route.
  router.use(
    createAuthFailureLimit({
      redis,
      prefix: `${keyPrefix}auth-failures:`,
      limit: options.failedAuthLimit ?? 20,
      windowMs: options.failedAuthWindowMs ?? 15 * 60_000,
      logger,
    }),
  );
  addSessionRoutes(router, { credentials, sessions, logger, basePath });

  router.get("/", (_req, res) => res.redirect(302, `${basePath}/queues`));
  router.use(
    "/api",
    guard("json"),
    createAdminApi({
      queues,
      logger,
      retryAllLimit,
      ...(options.erasure && { erasure: options.erasure }),
    }),
  );
  router.use(
    "/queues",
    guard("login-redirect"),
    createBoardGuard({ queues, logger, retryAllLimit }),
    createDashboard({
      queues,
      basePath: `${basePath}/queues`,
      logoutPath: `${basePath}/logout`,
    }),
  );

  router.use((_req, _res, next) => {
    next(new NotFoundError("No such admin route"));
  });
  router.use(jsonErrorHandler(logger));
  return router;
}
