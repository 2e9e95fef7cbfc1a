import type { IncomingMessage, ServerResponse } from "node:http";
import { applyFault } from "../apply-fault";
import { SandboxInputError } from "../errors";
import { readForm } from "../read-form";
import type { SandboxEntry } from "../registry";
import { sendEnvelope, sendNotFound, sendText, sendUnauthorized } from "../respond";
import type { SandboxState } from "../sandbox-state";
import { handleIdentityVerification } from "./identity-verification";

/** Header that injects a fault into one request (grammar in `parseFaultSpec`). */
export const FAULT_HEADER = "x-sandbox-fault";

/** Handles the request if it is a provider endpoint; false lets the caller route it. */
export type ProviderHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const CERTIFICATION_PATH = /^\/certifications\/([^/]+)$/;

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The token from `Authorization: Bearer <t>`, bare `Authorization: <t>` or `X-ImpTokenHeader`. */
function tokenOf(req: IncomingMessage): string | null {
  const authorization = header(req, "authorization")?.trim();
  if (authorization) return authorization.replace(/^Bearer\s+/i, "");
  return header(req, "x-imptokenheader")?.trim() || null;
}

function sendEntry(res: ServerResponse, entry: SandboxEntry): void {
  switch (entry.kind) {
    case "record":
      sendEnvelope(res, 200, 0, null, entry.certification);
      return;
    case "not-found":
      sendNotFound(res);
      return;
    case "raw":
      sendText(res, entry.status, entry.body, entry.contentType, entry.headers);
      return;
  }
}

async function getToken(state: SandboxState, req: IncomingMessage, res: ServerResponse) {
  state.calls.getTokenCalls += 1;
  if (await applyFault(req, res, state.faultFor(header(req, FAULT_HEADER), null), state)) return;
  const body = await readForm(req);
  if (!body.imp_key || !body.imp_secret) {
    sendEnvelope(res, 401, -1, "imp_key, imp_secret 파라메터가 누락되었습니다.");
    return;
  }
  const token = state.issueToken(body.imp_key, body.imp_secret);
  if (token === null) sendEnvelope(res, 401, -1, "등록되지 않은 REST API 키 또는 시크릿입니다.");
  else sendEnvelope(res, 200, 0, null, token);
}

async function certification(
  state: SandboxState,
  req: IncomingMessage,
  res: ServerResponse,
  impUid: string,
) {
  const remove = req.method === "DELETE";
  if (remove) state.calls.deleteCalls += 1;
  else state.calls.countCertification(impUid);
  // Per-imp_uid rules are about fetches, so a DELETE does not use them up.
  const spec = state.faultFor(header(req, FAULT_HEADER), remove ? null : impUid);
  if (await applyFault(req, res, spec, state)) return;
  if (!state.isAuthorized(tokenOf(req))) {
    state.calls.unauthorized += 1;
    sendUnauthorized(res);
    return;
  }
  sendEntry(res, remove ? state.registry.remove(impUid) : state.registry.resolve(impUid));
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * The V1 endpoints the project uses (`POST /users/getToken`, `GET` and `DELETE
 * /certifications/:imp_uid`) and the V2 `GET /identity-verifications/:id`, written against `node:http` directly: they are the hot path of
 * every load test, and a framework's per-request routing would cost more than they do.
 */
export function createProviderHandler(state: SandboxState): ProviderHandler {
  return (req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
    let work: Promise<void> | null = null;
    if (path === "/users/getToken" && req.method === "POST") {
      work = getToken(state, req, res);
    } else if (req.method === "GET" || req.method === "DELETE") {
      const segment = CERTIFICATION_PATH.exec(path)?.[1];
      const impUid = segment === undefined ? null : decode(segment);
      if (impUid !== null) work = certification(state, req, res, impUid);
    }
    if (work === null) return handleIdentityVerification(state, req, res);
    work.catch((error: unknown) => {
      const status = error instanceof SandboxInputError ? 400 : 500;
      sendEnvelope(
        res,
        status,
        -1,
        error instanceof SandboxInputError ? error.message : "Internal Server Error",
      );
    });
    return true;
  };
}
