import express, { type Request, type Response, Router } from "express";
import { applyFault } from "../apply-fault";
import { sendEnvelope, sendNotFound, sendUnauthorized } from "../envelope";
import type { SandboxEntry } from "../registry";
import type { SandboxState } from "../sandbox-state";

/** Header that injects a fault into one request (grammar in `parseFaultSpec`). */
export const FAULT_HEADER = "x-sandbox-fault";

/** The token from `Authorization: Bearer <t>`, bare `Authorization: <t>` or `X-ImpTokenHeader`. */
function tokenOf(req: Request): string | null {
  const authorization = req.get("authorization")?.trim();
  if (authorization) return authorization.replace(/^Bearer\s+/i, "");
  return req.get("x-imptokenheader")?.trim() || null;
}

function sendEntry(res: Response, entry: SandboxEntry): void {
  switch (entry.kind) {
    case "record":
      sendEnvelope(res, 200, 0, null, entry.certification);
      return;
    case "not-found":
      sendNotFound(res);
      return;
    case "raw":
      if (entry.headers) res.set(entry.headers);
      res
        .status(entry.status)
        .type(entry.contentType ?? "application/json; charset=utf-8")
        .send(entry.body);
      return;
  }
}

/** The V1 endpoints the project uses, faithful to the wire format of docs/iamport-v1. */
export function providerRoutes(state: SandboxState): Router {
  const router = Router();
  const bodyParsers = [express.json(), express.urlencoded({ extended: false })];

  router.post("/users/getToken", ...bodyParsers, async (req, res) => {
    state.calls.getTokenCalls += 1;
    if (await applyFault(req, res, state.faultFor(req.get(FAULT_HEADER), null), state)) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!body.imp_key || !body.imp_secret) {
      sendEnvelope(res, 401, -1, "imp_key, imp_secret 파라메터가 누락되었습니다.");
      return;
    }
    const token = state.issueToken(body.imp_key, body.imp_secret);
    if (token === null) {
      sendEnvelope(res, 401, -1, "등록되지 않은 REST API 키 또는 시크릿입니다.");
      return;
    }
    sendEnvelope(res, 200, 0, null, token);
  });

  const certification = (remove: boolean) => async (req: Request, res: Response) => {
    const impUid = String(req.params.imp_uid);
    if (remove) state.calls.deleteCalls += 1;
    else state.calls.countCertification(impUid);
    if (
      await applyFault(
        req,
        res,
        state.faultFor(req.get(FAULT_HEADER), remove ? null : impUid),
        state,
      )
    )
      return;
    if (!state.isAuthorized(tokenOf(req))) {
      state.calls.unauthorized += 1;
      sendUnauthorized(res);
      return;
    }
    sendEntry(res, remove ? state.registry.remove(impUid) : state.registry.resolve(impUid));
  };
  router.get("/certifications/:imp_uid", certification(false));
  router.delete("/certifications/:imp_uid", certification(true));

  return router;
}
