import { ForbiddenError } from "@cert/http";
import type { Logger } from "@cert/logger";
import { classifyRedisError } from "@cert/redis";
import express, { type IRouter, type Request } from "express";
import { markAuthFailure } from "./auth-failure-limit";
import type { AdminCredentials } from "./credentials";
import { renderLoginPage, renderLogoutPage } from "./login-page";
import { isSameOrigin } from "./origin-check";
import { clearSessionCookie, readSessionCookie, setSessionCookie } from "./session-cookie";
import type { AdminSessions } from "./sessions";

const LOGIN_FORM_LIMIT = "4kb";

export interface SessionRoutesOptions {
  credentials: AdminCredentials;
  sessions: AdminSessions;
  logger: Logger;
  /** Absolute mount path of the admin router, e.g. `/admin`. */
  basePath: string;
}

function crossOrigin(): ForbiddenError {
  return new ForbiddenError("cross_origin_request", "This request must come from the admin pages");
}

/**
 * Adds the browser session routes to the admin router:
 * - `GET /login`: the sign-in form;
 * - `POST /login` (form field `token`): 303 to the dashboard with a session cookie, or 401 with
 *   the form again (a failed authentication, counted by the limit). A sign-in posted from
 *   another site's page is refused 403 (login CSRF); one naming no page (a script) is allowed;
 * - `GET /logout`: a page whose button posts to `POST /logout` (the dashboard links to it);
 * - `POST /logout`: deletes the session's record in Redis, so the cookie stops working on every
 *   instance even if a copy of it survives, then drops the cookie. Cookie-authenticated, so it
 *   must come from this host's pages.
 */
export function addSessionRoutes(router: IRouter, options: SessionRoutesOptions): void {
  const { credentials, sessions, logger, basePath } = options;
  const loginPath = `${basePath}/login`;
  const where = (req: Request) => ({ ip: req.ip });

  router.get("/login", (_req, res) => {
    res.type("html").send(renderLoginPage({ action: loginPath }));
  });

  router.post(
    "/login",
    (req, _res, next) => next(isSameOrigin(req, false) ? undefined : crossOrigin()),
    express.urlencoded({ extended: false, limit: LOGIN_FORM_LIMIT }),
    async (req, res, next) => {
      const token: unknown = (req.body as Record<string, unknown> | undefined)?.token;
      if (typeof token === "string" && credentials.matchesToken(token)) {
        let session: Awaited<ReturnType<AdminSessions["start"]>>;
        try {
          session = await sessions.start();
        } catch (error) {
          return next(classifyRedisError(error));
        }
        setSessionCookie(req, res, basePath, session.value, session.maxAgeMs);
        logger.info(where(req), "admin signed in");
        return res.redirect(303, `${basePath}/queues`);
      }
      markAuthFailure(res);
      logger.warn({ ...where(req), reason: "invalid" }, "admin sign-in failed");
      res
        .status(401)
        .type("html")
        .send(renderLoginPage({ action: loginPath, failed: true }));
    },
  );

  router.get("/logout", (_req, res) => {
    res.type("html").send(renderLogoutPage({ action: `${basePath}/logout` }));
  });

  router.post("/logout", async (req, res, next) => {
    if (!isSameOrigin(req, true)) return next(crossOrigin());
    const session = readSessionCookie(req);
    if (session !== undefined) {
      try {
        await sessions.revoke(session);
      } catch (error) {
        // Not revoked: saying "signed out" now would be a lie the cookie could outlive.
        return next(classifyRedisError(error));
      }
    }
    clearSessionCookie(req, res, basePath);
    logger.info(where(req), "admin signed out");
    res.redirect(303, loginPath);
  });
}
