import { sendJsonError, UnauthorizedError } from "@cert/http";
import type { Logger } from "@cert/logger";
import type { Request, RequestHandler, Response } from "express";
import type { AdminCredentials } from "./credentials";

/** Name of the browser session cookie (its value is an HMAC, never the token). */
export const SESSION_COOKIE = "cert_admin_session";

/** How a request proved it may use the admin surface. */
export type AdminAuthMethod = "bearer" | "cookie";

/** The token of an `Authorization: Bearer <token>` header, if the header has that form. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  return match?.[1];
}

/** The value of one cookie from a `Cookie` header, without a cookie-parsing dependency. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(";")) {
    const separator = pair.indexOf("=");
    if (separator > 0 && pair.slice(0, separator).trim() === name) {
      return pair.slice(separator + 1).trim();
    }
  }
  return undefined;
}

/**
 * Which credential the request carries, if a valid one. A Bearer header is decided on alone
 * (a wrong token is not rescued by a cookie), so API clients get exactly the answer their token
 * deserves; other Authorization schemes (Basic from a proxy in front) fall through to the
 * session cookie.
 */
export function authenticate(
  req: Request,
  credentials: AdminCredentials,
  nowMs = Date.now(),
): AdminAuthMethod | undefined {
  const token = bearerToken(req.headers.authorization);
  if (token !== undefined) return credentials.matchesToken(token) ? "bearer" : undefined;
  const session = readCookie(req.headers.cookie, SESSION_COOKIE);
  if (session !== undefined && credentials.verifySession(session, nowMs)) return "cookie";
  return undefined;
}

/** Why a request was refused, for the log (never the credential itself). */
function refusalReason(req: Request): "invalid_bearer" | "invalid_session" | "missing" {
  if (bearerToken(req.headers.authorization) !== undefined) return "invalid_bearer";
  if (readCookie(req.headers.cookie, SESSION_COOKIE) !== undefined) return "invalid_session";
  return "missing";
}

/** What an unauthenticated request gets: a JSON 401, or (browser pages) the login page. */
export type UnauthorizedResponse = "json" | "login-redirect";

export interface RequireAdminOptions {
  credentials: AdminCredentials;
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

/** Lets authenticated requests through; answers the rest without ever logging a credential. */
export function requireAdmin(options: RequireAdminOptions): RequestHandler {
  const { credentials, logger, unauthorized, loginPath } = options;
  return (req, res, next) => {
    if (authenticate(req, credentials)) return next();
    const reason = refusalReason(req);
    // A browser arriving without a session is routine; a wrong credential is worth a warning.
    const level = reason === "missing" ? "debug" : "warn";
    logger[level](
      { method: req.method, path: req.originalUrl.split("?")[0], ip: req.ip, reason },
      "admin authentication failed",
    );
    if (unauthorized === "login-redirect" && isPageLoad(req)) return res.redirect(302, loginPath);
    sendJsonError(res, new UnauthorizedError());
  };
}

export interface SessionCookieOptions {
  /** Cookie path: the router's mount point, so the cookie never travels to the public API. */
  path: string;
  /** Send the cookie only over HTTPS (`req.secure`, which honours Express's `trust proxy`). */
  secure: boolean;
}

/** Starts a browser session: HttpOnly (no script can read it), SameSite=Strict (no CSRF). */
export function setSessionCookie(
  res: Response,
  credentials: AdminCredentials,
  options: SessionCookieOptions,
  nowMs = Date.now(),
): void {
  const session = credentials.issueSession(nowMs);
  res.cookie(SESSION_COOKIE, session.value, {
    httpOnly: true,
    sameSite: "strict",
    path: options.path,
    secure: options.secure,
    maxAge: session.maxAgeMs,
  });
}

/** Ends the browser session. */
export function clearSessionCookie(res: Response, options: SessionCookieOptions): void {
  res.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: "strict",
    path: options.path,
    secure: options.secure,
  });
}
