import type { Request } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Methods that only read: a cross-site page can trigger them but never change anything. */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method);
}

/** Host (with port) of the page that sent the request: its `Origin`, else its `Referer`. */
function senderHost(req: Request): string | undefined {
  const raw = req.headers.origin ?? req.headers.referer;
  if (raw === undefined) return undefined;
  try {
    return new URL(raw).host;
  } catch {
    return ""; // `Origin: null` (sandboxed frames, file: pages) or garbage: never a match.
  }
}

/**
 * Whether the page that sent `req` is served from the host the request went to. Browsers send
 * `Origin` on every cross-site and every non-GET request, so a cookie-carrying request forged
 * by another site fails here even when SameSite does not apply (a sibling subdomain is
 * "same-site"). The request's host is `req.host`: its `Host` header, or behind a trusted proxy
 * (`TRUST_PROXY`) its `X-Forwarded-Host`. The scheme is not compared, so a TLS-terminating proxy
 * the app does not trust still works.
 *
 * `required`: a request naming no sender at all (no Origin, no Referer) fails too.
 */
export function isSameOrigin(req: Request, required: boolean): boolean {
  const sender = senderHost(req);
  if (sender === undefined) return !required;
  return sender !== "" && sender === req.host;
}
