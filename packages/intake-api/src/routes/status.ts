import { NotFoundError } from "@cert/http";
import { InvalidImpUidError, isImpUid } from "@cert/queue";
import type { IRouter, RequestHandler } from "express";
import type { StatusLookup } from "../certification-status";

/**
 * Adds `GET /certifications/:imp_uid` to `router`: 200 with the status, 404 `not_found` when
 * unknown, 400 `invalid_imp_uid` for anything that is not an imp_uid (`..`, encoded slashes,
 * ...), checked before any store is asked. `rateLimit` (the status budget) guards it first.
 */
export function addStatusRoute(
  router: IRouter,
  lookup: StatusLookup,
  rateLimit: RequestHandler,
): void {
  router.get("/certifications/:imp_uid", rateLimit, async (req, res) => {
    const impUid = req.params.imp_uid;
    if (!isImpUid(impUid)) throw new InvalidImpUidError();
    const body = await lookup(impUid);
    if (body === null) throw new NotFoundError("No certification with this imp_uid");
    // A status changes as the job moves; caches must not serve an old one.
    res.setHeader("Cache-Control", "no-store");
    res.json(body);
  });
}
