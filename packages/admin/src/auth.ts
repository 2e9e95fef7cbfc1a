import { ForbiddenError, sendJsonError, UnauthorizedError } from "@cert/http";
import type { Logger } from "@cert/logger";
import { classifyRedisError } from "@cert/redis";
import type { Request, RequestHandler } from "express";
import { markAuthFailure } from "./auth-failure-limit";
import type { AdminCredentials } from "./credentials";
import { isSafeMethod, isSameOrigin } from "./origin-check";
import { readSessionCookie } from "./session-cookie";
import type { AdminSessions } from "./sessions";

/** How a request proved it may use the admin surface. */
export type AdminAuthMethod = "bearer" | "cookie";

/** The token of an `Authorization: Bearer <token>` header, if the header has that form. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  return match?.[1];
}

/** What a request presents, and how that went. */
type Verdict = AdminAuthMethod | "invalid_bearer" | "invalid_session" | "missing";

/**
 * Which credential the request carries and whether it is valid. A Bearer header is decided on
 * alone (a wrong token is not rescued by a cookie), so API clients get exactly the answer their
 * token deserves; other Authorization schemes (Basic from a proxy in front) fall through to the
 * session cookie. A session is checked against Redis (logout revokes it); Redis errors throw.
 */
async function authenticate(
  req: Request,
  credentials: AdminCredentials,
  sessions: AdminSessions,
): Promise<Verdict> {
  const token = bearerToken(req.headers.authorization);
  if (token !== undefined) return credentials.matchesToken(token) ? "bearer" : "invalid_bearer";
  const session = readSessionCookie(req);
  if (session === undefined) return "missing";
  return (await sessions.isActive(session)) ? "cookie" : "invalid_session";
}

/** What an unauthenticated request gets: a JSON 401, or (browser pages) the login page. */
export type UnauthorizedResponse = "json" | "login-redirect";

export interface RequireAdminOptions {
  credentials: AdminCredentials;
  sessions: AdminSessions;
  logger: Logger;
  /** `"json"`: 401 with `WWW-Authenticate: Bearer`. `"login-redirect"`: page loads go to `loginPath`. */
  unauthorized: UnauthorizedResponse;
  /** Absolute path of the login page, e.g. `/admin/login`. */
  loginPath: string;
}

/** A page load a browser makes by navigating, as opposed to the dashboard's own fetches. */
function isPageLoad(req: Request): boolean {
  return (req.method === "GET" || req.method === "HEAD") && !req.path.startsWith("/api/");
}

/**
 * Lets authenticated requests through; answers the rest without ever logging a credential.
 * Wrong credentials are marked for the failed-authentication limit. A cookie-authenticated
 * request that changes something must come from a page of this host (Origin, else Referer),
 * else `403 cross_origin_request`: the cookie travels with forged cross-site requests, a Bearer
 * header never does.
 */
export function requireAdmin(options: RequireAdminOptions): RequestHandler {
  const { credentials, sessions, logger, unauthorized, loginPath } = options;
  return async (req, res, next) => {
    let verdict: Verdict;
    try {
      verdict = await authenticate(req, credentials, sessions);
    } catch (error) {
      return next(classifyRedisError(error));
    }
    const where = { method: req.method, path: req.originalUrl.split("?")[0], ip: req.ip };
    if (verdict === "bearer") return next();
    if (verdict === "cookie") {
      if (isSafeMethod(req.method) || isSameOrigin(req, true)) return next();
      logger.warn({ ...where, reason: "cross_origin" }, "admin request refused");
      return next(
        new ForbiddenError("cross_origin_request", "This request must come from the admin pages"),
      );
    }
    // A browser arriving without a session is routine; a wrong credential is worth a warning.
    if (verdict !== "missing") markAuthFailure(res);
    logger[verdict === "missing" ? "debug" : "warn"](
      { ...where, reason: verdict },
      "admin authentication failed",
    );
    if (unauthorized === "login-redirect" && isPageLoad(req)) return res.redirect(302, loginPath);
    sendJsonError(res, new UnauthorizedError());
  };
}
