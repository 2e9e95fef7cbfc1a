import type { Request, Response } from "express";

/**
 * Name of the session cookie over HTTPS. The `__Host-` prefix makes the browser refuse it unless
 * it is `Secure`, has `Path=/` and no `Domain`: no sibling subdomain or plain-HTTP page can plant
 * or overwrite it.
 */
export const SECURE_SESSION_COOKIE = "__Host-cert_admin_session";

/**
 * Name of the session cookie over plain HTTP (a developer's localhost), where a `__Host-` cookie
 * cannot exist because it requires `Secure`.
 */
export const PLAIN_SESSION_COOKIE = "cert_admin_session";

/**
 * The cookie's name and attributes for this request. `req.secure` is true for HTTPS, directly or
 * as reported by `X-Forwarded-Proto` from a proxy the app trusts (express's `trust proxy`, set
 * from `TRUST_PROXY`); an untrusted header changes nothing.
 */
function cookieFor(req: Request, basePath: string) {
  return req.secure
    ? { name: SECURE_SESSION_COOKIE, path: "/", secure: true }
    : { name: PLAIN_SESSION_COOKIE, path: basePath, secure: false };
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

/** The session cookie this request carries under the name its scheme uses, if any. */
export function readSessionCookie(req: Request): string | undefined {
  const name = req.secure ? SECURE_SESSION_COOKIE : PLAIN_SESSION_COOKIE;
  return readCookie(req.headers.cookie, name);
}

/**
 * Hands the browser its session: HttpOnly (no script can read it), SameSite=Strict (not sent on
 * cross-site requests), expiring with the session. Over plain HTTP its Path is the admin mount
 * point so it never travels to the public API.
 */
export function setSessionCookie(
  req: Request,
  res: Response,
  basePath: string,
  value: string,
  maxAgeMs: number,
): void {
  const { name, path, secure } = cookieFor(req, basePath);
  res.cookie(name, value, { httpOnly: true, sameSite: "strict", path, secure, maxAge: maxAgeMs });
}

/** Tells the browser to drop the session cookie. */
export function clearSessionCookie(req: Request, res: Response, basePath: string): void {
  const { name, path, secure } = cookieFor(req, basePath);
  res.clearCookie(name, { httpOnly: true, sameSite: "strict", path, secure });
}
