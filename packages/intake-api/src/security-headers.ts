import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * Security headers for the JSON API: helmet with the headers that matter for JSON answers
 * (HSTS, `nosniff`, a CSP that forbids everything, no framing, no referrer, same-origin
 * resource policy). Helmet's headers for HTML documents and legacy browsers (DNS prefetch,
 * IE download options, Flash cross-domain policies, the disabled XSS auditor, origin-agent
 * clustering, opener policy) are left out: they do nothing for JSON, and each header is work
 * on every intake request. `/admin` serves HTML and gets {@link htmlSecurityHeaders}.
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

/** helmet's full defaults, for the HTML pages under `/admin` (dashboard and login). */
export function htmlSecurityHeaders(): RequestHandler {
  return helmet();
}
