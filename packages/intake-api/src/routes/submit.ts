import { toHttpError } from "@cert/http";
import type { ErrorRequestHandler, IRouter, Request, RequestHandler } from "express";
import { bodyParserErrors, intakeBodyParser } from "../body-parsing";
import type { Enqueue, EnqueueResult } from "../enqueue";
import { fromDomainError } from "../errors";
import type { IntakeRouteSpec } from "../intake-routes";
import type { IntakeMetrics } from "../metrics";

export interface SubmitRoutesOptions {
  /** The shared enqueue path (validation included). */
  enqueue: Enqueue;
  /** Guards every submit route of every provider (one budget per client). */
  rateLimit: RequestHandler;
  /** Counts rejected submissions by error code. */
  metrics: IntakeMetrics;
  /** Where the redirect flow sends the user; `undefined` answers it with 202 JSON. */
  redirectUrl: URL | undefined;
  /** Largest accepted POST body, in bytes. */
  bodyLimitBytes: number;
}

/** The 202 answer: what was accepted, its status now and where to poll it. */
function acceptedBody(spec: IntakeRouteSpec, result: EnqueueResult) {
  return {
    [spec.idField]: result.id,
    status: result.status,
    status_url: `${spec.path}/${result.id}`,
  };
}

/** The id field of a parsed body; anything but a plain object (array, string, none) has none. */
function bodyCandidate({ body }: Request, idField: string): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  return Object.hasOwn(body, idField) ? (body as Record<string, unknown>)[idField] : undefined;
}

/**
 * Absolute URL to send the user to: the configured `REDIRECT_URL` with the id and `status` set.
 * Built only from configuration; nothing in the request can change the destination.
 */
function redirectTarget(base: URL, spec: IntakeRouteSpec, result: EnqueueResult): string {
  const target = new URL(base);
  target.searchParams.set(spec.idField, result.id);
  target.searchParams.set("status", result.status);
  return target.href;
}

/**
 * Adds `POST {path}` (JSON or form body `{<idField>}`) and `GET {path}/redirect` (the mobile
 * flow: `?<idField>=`) of one provider to `router`, through the shared {@link Enqueue}. The
 * redirect route must come before `GET {path}/:id`.
 */
export function addSubmitRoutes(
  router: IRouter,
  spec: IntakeRouteSpec,
  options: SubmitRoutesOptions,
): void {
  const { enqueue, rateLimit, metrics, redirectUrl, bodyLimitBytes } = options;

  const countRejection: ErrorRequestHandler = (error, _req, _res, next) => {
    const answered = fromDomainError(error);
    metrics.rejected.inc({ code: toHttpError(answered).code });
    next(answered);
  };

  const submit: RequestHandler = async (req, res) => {
    const result = await enqueue(spec.provider, bodyCandidate(req, spec.idField));
    res.status(202).json(acceptedBody(spec, result));
  };

  const submitByRedirect: RequestHandler = async (req, res) => {
    const result = await enqueue(spec.provider, req.query[spec.idField]);
    if (redirectUrl === undefined) {
      res.status(202).json(acceptedBody(spec, result));
      return;
    }
    res.redirect(302, redirectTarget(redirectUrl, spec, result));
  };

  router.post(
    spec.path,
    rateLimit,
    intakeBodyParser(bodyLimitBytes),
    submit,
    bodyParserErrors(bodyLimitBytes),
    countRejection,
  );
  router.get(`${spec.path}/redirect`, rateLimit, submitByRedirect, countRejection);
}
