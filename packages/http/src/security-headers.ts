import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * Security headers for JSON answers: helmet's headers that matter for them (HSTS, `nosniff`, a
 * CSP that forbids everything, no framing, no referrer, same-origin resource policy). helmet's
 * headers for HTML documents and legacy browsers (DNS prefetch, IE download options, Flash
 * cross-domain policies, the disabled XSS auditor, origin-agent clustering, opener policy) are
 * left out: they do nothing for JSON. HTML pages get {@link htmlSecurityHeaders}.
 */
export function apiSecurityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
}

/**
 * helmet's full defaults, for HTML pages (the admin login page and dashboard). Mounted after
 * {@link apiSecurityHeaders}, it sets the same header names, so its values win.
 */
export function htmlSecurityHeaders(): RequestHandler {
  return helmet();
}
