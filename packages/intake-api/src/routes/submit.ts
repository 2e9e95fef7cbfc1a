import type { ErrorRequestHandler, IRouter, RequestHandler } from "express";
import { bodyParserErrors, intakeBodyParser } from "../body-parsing";
import type { EarlyProbe, Enqueue, EnqueueResult } from "../enqueue";
import { toHttpError } from "../errors";
import type { IntakeMetrics } from "../metrics";

export interface SubmitRoutesOptions {
  /** The shared enqueue path (validation included). */
  enqueue: Enqueue;
  /** Guards both intake routes (one budget per client). */
  rateLimit: RequestHandler;
  /** Counts rejected submissions by error code. */
  metrics: IntakeMetrics;
  /** Where the redirect flow sends the user; `undefined` answers it with 202 JSON. */
  redirectUrl: URL | undefined;
  /** Largest accepted POST body, in bytes. */
  bodyLimitBytes: number;
}

/** The 202 answer: what was accepted, its status now and where to poll it. */
function acceptedBody(result: EnqueueResult) {
  return {
    imp_uid: result.impUid,
    status: result.status,
    status_url: `/certifications/${result.impUid}`,
  };
}

/** `imp_uid` of a parsed body; anything but a plain object (array, string, none) has none. */
function impUidOf(body: unknown): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  return (body as { imp_uid?: unknown }).imp_uid;
}

/**
 * Absolute URL to send the user to: the configured `REDIRECT_URL` with `imp_uid` and `status`
 * set. Built only from configuration; nothing in the request can change the destination.
 */
function redirectTarget(base: URL, result: EnqueueResult): string {
  const target = new URL(base);
  target.searchParams.set("imp_uid", result.impUid);
  target.searchParams.set("status", result.status);
  return target.href;
}

/**
 * Adds `POST /certifications` (JSON or form body `{imp_uid}`) and `GET /certifications/redirect`
 * (the mobile flow: `?imp_uid=`) to `router`, both through the same {@link Enqueue}. The redirect
 * route must come before `GET /certifications/:imp_uid`.
 */
export function addSubmitRoutes(router: IRouter, options: SubmitRoutesOptions): void {
  const { enqueue, rateLimit, metrics, redirectUrl, bodyLimitBytes } = options;

  const countRejection: ErrorRequestHandler = (error, _req, _res, next) => {
    metrics.rejected.inc({ code: toHttpError(error).code });
    next(error);
  };

  // The duplicate probe starts just before the rate limiter counts the request, so both go to
  // Redis in the same turn: one round trip instead of two ahead of the add.
  const probeBody: RequestHandler = (req, res, next) => {
    res.locals.probe = enqueue.probeEarly(impUidOf(req.body));
    next();
  };
  const probeQuery: RequestHandler = (req, res, next) => {
    res.locals.probe = enqueue.probeEarly(req.query.imp_uid);
    next();
  };

  const submit: RequestHandler = async (req, res) => {
    const result = await enqueue(impUidOf(req.body), res.locals.probe as EarlyProbe);
    res.status(202).json(acceptedBody(result));
  };

  const submitByRedirect: RequestHandler = async (req, res) => {
    const result = await enqueue(req.query.imp_uid, res.locals.probe as EarlyProbe);
    if (redirectUrl === undefined) {
      res.status(202).json(acceptedBody(result));
      return;
    }
    res.redirect(302, redirectTarget(redirectUrl, result));
  };

  // The body is parsed before the rate limit (at most `bodyLimitBytes`, no Redis), so the
  // request's probe can ride along with its count.
  router.post(
    "/certifications",
    intakeBodyParser(bodyLimitBytes),
    probeBody,
    rateLimit,
    submit,
    bodyParserErrors(bodyLimitBytes),
    countRejection,
  );
  router.get("/certifications/redirect", probeQuery, rateLimit, submitByRedirect, countRejection);
}
