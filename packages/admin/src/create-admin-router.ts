import { createRateLimiter, jsonErrorHandler, NotFoundError } from "@cert/http";
import type { Logger } from "@cert/logger";
import type { Queue } from "bullmq";
import express, { type Request, type Router } from "express";
import { createAdminApi } from "./admin-api";
import {
  clearSessionCookie,
  requireAdmin,
  type SessionCookieOptions,
  setSessionCookie,
} from "./auth";
import { AdminCredentials } from "./credentials";
import { createDashboard } from "./dashboard";
import { AdminConfigError } from "./errors";
import { renderLoginPage } from "./login-page";

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
   * Failed sign-ins one client IP may make per `failedLoginWindowMs` before `POST /login`
   * answers 429 (counted per API instance; successful ones do not count). Default 10.
   */
  failedLoginLimit?: number;
  /** The window of `failedLoginLimit`. Default 15 minutes. */
  failedLoginWindowMs?: number;
}

/** Tokens shorter than this are guessable enough to deserve a warning at start-up. */
const RECOMMENDED_TOKEN_LENGTH = 24;
const LOGIN_FORM_LIMIT = "4kb";

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
  if (!Number.isInteger(retryAllLimit) || retryAllLimit < 1) {
    throw new AdminConfigError("retryAllLimit must be a positive integer");
  }
}

/**
 * The operators' admin surface, to mount at `basePath` (`app.use("/admin", router)`):
 * - `GET /login`, `POST /login` (form field `token`), `POST /logout`: the browser session.
 * - `/queues`: the bull-board dashboard (page loads without credentials go to the login page).
 * - `/api/...`: the JSON admin API (see `createAdminApi`); 401 without credentials.
 *
 * Every other route needs `Authorization: Bearer <adminToken>` or the session cookie.
 */
export function createAdminRouter(options: AdminRouterOptions): Router {
  const basePath = options.basePath ?? "/admin";
  const retryAllLimit = options.retryAllLimit ?? 1000;
  validate(options, basePath, retryAllLimit);
  const { queues, logger } = options;
  if (options.adminToken.length < RECOMMENDED_TOKEN_LENGTH) {
    logger.warn(
      { recommendedLength: RECOMMENDED_TOKEN_LENGTH },
      "ADMIN_TOKEN is short; use a long random value",
    );
  }
  const credentials = new AdminCredentials(
    options.adminToken,
    options.sessionTtlMs ?? 8 * 3600_000,
  );
  const loginPath = `${basePath}/login`;
  const cookie = (req: Request): SessionCookieOptions => ({ path: basePath, secure: req.secure });
  const guard = (unauthorized: "json" | "login-redirect") =>
    requireAdmin({ credentials, logger, unauthorized, loginPath });

  const router = express.Router();
  // Admin answers describe live queue state and sessions: never cache them anywhere.
  router.use((_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });

  router.get("/login", (_req, res) => {
    res.type("html").send(renderLoginPage({ action: loginPath }));
  });
  // Guessing the token through the login form is slow enough already (it is long and random);
  // this makes it hopeless, and keeps a scripted guesser from filling the logs.
  // Counted per API instance, in memory: a guesser is slowed wherever it lands.
  const loginAttempts = createRateLimiter({
    windowMs: options.failedLoginWindowMs ?? 15 * 60_000,
    limit: options.failedLoginLimit ?? 10,
    skipSuccessfulRequests: true,
    onLimited: (req) =>
      logger.warn({ ip: req.ip, reason: "rate_limited" }, "admin sign-in refused"),
    warn: (error) => logger.warn({ err: error }, "admin sign-in limiter failed"),
    logger,
  });
  router.post(
    "/login",
    loginAttempts,
    express.urlencoded({ extended: false, limit: LOGIN_FORM_LIMIT }),
    (req, res) => {
      const token: unknown = (req.body as Record<string, unknown> | undefined)?.token;
      if (typeof token === "string" && credentials.matchesToken(token)) {
        setSessionCookie(res, credentials, cookie(req));
        logger.info({ ip: req.ip }, "admin signed in");
        return res.redirect(303, `${basePath}/queues`);
      }
      logger.warn({ ip: req.ip, reason: "invalid" }, "admin sign-in failed");
      res
        .status(401)
        .type("html")
        .send(renderLoginPage({ action: loginPath, failed: true }));
    },
  );
  router.post("/logout", (req, res) => {
    clearSessionCookie(res, cookie(req));
    res.redirect(303, loginPath);
  });

  router.get("/", (_req, res) => res.redirect(302, `${basePath}/queues`));
  router.use("/api", guard("json"), createAdminApi({ queues, logger, retryAllLimit }));
  router.use(
    "/queues",
    guard("login-redirect"),
    createDashboard({ queues, basePath: `${basePath}/queues` }),
  );

  router.use((_req, _res, next) => {
    next(new NotFoundError("No such admin route"));
  });
  router.use(jsonErrorHandler(logger));
  return router;
}
