import type { IncomingMessage, ServerResponse } from "node:http";
import { applyFault, type SendFaultError } from "../apply-fault";
import type { SandboxV2Entry } from "../portone-state";
import { sendText } from "../respond";
import type { SandboxState } from "../sandbox-state";

const PATH = /^\/identity-verifications\/([^/]+)$/;

/** PortOne V2 error `type` for a status the sandbox answers (faults included). */
function errorType(status: number): string {
  switch (status) {
    case 400:
      return "INVALID_REQUEST";
    case 401:
      return "UNAUTHORIZED";
    case 403:
      return "FORBIDDEN";
    case 404:
      return "IDENTITY_VERIFICATION_NOT_FOUND";
    case 429:
      return "TOO_MANY_REQUESTS";
    default:
      return "INTERNAL_SERVER_ERROR";
  }
}

/** A V2 error body, `{"type", "message"}`. */
const sendV2Error: SendFaultError = (res, status, text, headers) =>
  sendText(
    res,
    status,
    JSON.stringify({ type: errorType(status), message: text }),
    undefined,
    headers,
  );

function sendEntry(res: ServerResponse, entry: SandboxV2Entry): void {
  switch (entry.kind) {
    case "record":
      sendText(res, 200, JSON.stringify(entry.identityVerification));
      return;
    case "not-found":
      sendV2Error(res, 404, "본인인증 건이 존재하지 않습니다.", {});
      return;
    case "raw":
      sendText(res, entry.status, entry.body, entry.contentType, entry.headers);
      return;
  }
}

async function identityVerification(
  state: SandboxState,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  query: URLSearchParams,
): Promise<void> {
  const { portone, calls } = state;
  calls.countIdentityVerification(id);
  const header = req.headers["x-sandbox-fault"];
  const spec = state.faultFor(Array.isArray(header) ? header[0] : header, id, portone.rules);
  if (await applyFault(req, res, spec, state, sendV2Error)) return;
  const authorization = req.headers.authorization;
  if (!portone.isAuthorized(authorization)) {
    calls.identityVerificationRejected += 1;
    sendV2Error(res, 401, "인증 정보가 올바르지 않습니다.", {});
    return;
  }
  if (!portone.storeAllowed(query.get("storeId"))) {
    calls.identityVerificationRejected += 1;
    sendV2Error(res, 403, "요청이 거절되었습니다.", {});
    return;
  }
  sendEntry(res, portone.resolve(id));
}

/**
 * PortOne V2 `GET /identity-verifications/:id` on `node:http`, like the V1 endpoints: true when
 * it took the request. Faults, per-id rules and counters are the V1 machinery's.
 */
export function handleIdentityVerification(
  state: SandboxState,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (req.method !== "GET") return false;
  const [path = "/", search = ""] = (req.url ?? "/").split("?", 2);
  const segment = PATH.exec(path)?.[1];
  if (segment === undefined) return false;
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    sendV2Error(res, 400, "잘못된 요청", {});
    return true;
  }
  identityVerification(state, req, res, id, new URLSearchParams(search)).catch(() => {
    sendV2Error(res, 500, "Internal Server Error", {});
  });
  return true;
}
