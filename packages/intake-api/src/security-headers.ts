import type { RequestHandler, Response } from "express";
import helmet from "helmet";

/** helmet's options for JSON answers (see {@link apiSecurityHeaders}). */
const API_HELMET_OPTIONS = {
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
} as const;

/** What a helmet middleware does to every response: headers it sets and headers it removes. */
interface HeaderEffects {
  readonly set: ReadonlyArray<readonly [string, string]>;
  readonly remove: readonly string[];
}

/**
 * Runs `middleware` once on a stand-in response and records its header calls. Only valid for
 * a middleware whose headers never depend on the request (helmet with static directives: no
 * nonce functions), which is checked by running it twice and comparing.
 */
function recordHeaderEffects(middleware: RequestHandler): HeaderEffects {
  const record = (): HeaderEffects => {
    const set: [string, string][] = [];
    const remove: string[] = [];
    const res = {
      setHeader: (name: string, value: unknown) => set.push([name, String(value)]),
      removeHeader: (name: string) => remove.push(name),
    };
    let called = false;
    middleware({} as never, res as never, () => {
      called = true;
    });
    if (!called) throw new Error("security headers middleware did not call next synchronously");
    return { set, remove };
  };
  const first = record();
  if (JSON.stringify(first) !== JSON.stringify(record())) {
    throw new Error("security headers vary between requests; they cannot be precomputed");
  }
  return first;
}

/**
 * Security headers for the JSON API: helmet's headers that matter for JSON answers (HSTS,
 * `nosniff`, a CSP that forbids everything, no framing, no referrer, same-origin resource
 * policy). Helmet's headers for HTML documents and legacy browsers (DNS prefetch, IE download
 * options, Flash cross-domain policies, the disabled XSS auditor, origin-agent clustering,
 * opener policy) are left out: they do nothing for JSON. `/admin` serves HTML and gets
 * {@link htmlSecurityHeaders}.
 *
 * The set is static, so helmet runs once here and each request only copies the recorded
 * headers: helmet's chain of one middleware per header was about 5 % of intake's CPU. helmet
 * stays the source of the names and values.
 *
 * Returned as a plain function rather than a middleware: the app's one per-request middleware
 * calls it (one router layer less on every request).
 */
export function apiSecurityHeaderWriter(): (res: Response) => void {
  const { set, remove } = recordHeaderEffects(helmet(API_HELMET_OPTIONS));
  return (res) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of remove) res.removeHeader(name);
  };
}

/** helmet's full defaults, for the HTML pages under `/admin` (dashboard and login). */
export function htmlSecurityHeaders(): RequestHandler {
  return helmet();
}
