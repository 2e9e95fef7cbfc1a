import { toHttpError } from "@cert/http";
import type { ErrorRequestHandler, IRouter, Request, RequestHandler } from "express";
import { bodyParserErrors, intakeBodyParser } from "../body-parsing";
import type { Enqueue, EnqueueResult } from "../enqueue";
import { fromDomainError } from "../errors";
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

/** Where a route reads its candidate imp_uid. */
type Candidate = (req: Request) => unknown;

/** `imp_uid` of a parsed body; anything but a plain object (array, string, none) has none. */
const bodyCandidate: Candidate = ({ body }) => {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  return (body as { imp_uid?: unknown }).imp_uid;
};

/** `?imp_uid=` of the mobile redirect flow. */
const queryCandidate: Candidate = (req) => req.query.imp_uid;

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
    const answered = fromDomainError(error);
    metrics.rejected.inc({ code: toHttpError(answered).code });
    next(answered);
  };

  const submit: RequestHandler = async (req, res) => {
    const result = await enqueue(bodyCandidate(req));
    res.status(202).json(acceptedBody(result));
  };

  const submitByRedirect: RequestHandler = async (req, res) => {
    const result = await enqueue(queryCandidate(req));
    if (redirectUrl === undefined) {
      res.status(202).json(acceptedBody(result));
      return;
    }
    res.redirect(302, redirectTarget(redirectUrl, result));
  };

  router.post(
    "/certifications",
    rateLimit,
    intakeBodyParser(bodyLimitBytes),
    submit,
    bodyParserErrors(bodyLimitBytes),
    countRejection,
  );
  router.get("/certifications/redirect", rateLimit, submitByRedirect, countRejection);
}
