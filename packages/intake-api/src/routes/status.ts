import { NotFoundError } from "@cert/http";
import { invalidIdError, isVerificationId } from "@cert/queue";
import type { IRouter, RequestHandler } from "express";
import type { StatusLookup, VerificationStatus } from "../certification-status";
import type { IntakeRouteSpec } from "../intake-routes";

/** The answer, with the id under the provider's own name (`imp_uid`, `identityVerificationId`). */
function statusBody(spec: IntakeRouteSpec, found: VerificationStatus) {
  const { id, ...rest } = found;
  return { [spec.idField]: id, ...rest };
}

/**
 * Adds `GET {path}/:id` of one provider to `router`: 200 with the status, 404 `not_found` when
 * unknown, 400 (`invalid_imp_uid`, `invalid_identity_verification_id`) for anything that is not
 * an id of that provider (`..`, encoded slashes, ...), checked before any store is asked.
 * `rateLimit` (the status budget, shared by every provider) guards it first.
 */
export function addStatusRoute(
  router: IRouter,
  spec: IntakeRouteSpec,
  lookup: StatusLookup,
  rateLimit: RequestHandler,
): void {
  // The parameter is named after the id field, so the metrics' route label reads like the API.
  router.get(`${spec.path}/:${spec.idField}`, rateLimit, async (req, res) => {
    const id = req.params[spec.idField];
    if (!isVerificationId(spec.provider, id)) throw invalidIdError(spec.provider);
    const found = await lookup({ provider: spec.provider, id });
    if (found === null) throw new NotFoundError(`No ${spec.noun} with this id`);
    // A status changes as the job moves; caches must not serve an old one.
    res.setHeader("Cache-Control", "no-store");
    res.json(statusBody(spec, found));
  });
}
