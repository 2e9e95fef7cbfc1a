import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { FaultSpec } from "./faults";
import { sendEnvelope, sendText } from "./respond";
import type { SandboxState } from "./sandbox-state";

const STATUS_TEXT: Readonly<Record<number, string>> = {
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

function htmlPage(status: number, text: string): string {
  return `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

/** Writes a faulted status answer in one API's error format (V1 envelope, V2 `{type, message}`). */
export type SendFaultError = (
  res: ServerResponse,
  status: number,
  text: string,
  headers: Readonly<Record<string, string>>,
) => void;

const sendEnvelopeError: SendFaultError = (res, status, text, headers) =>
  sendEnvelope(res, status, -1, text, null, headers);

/**
 * Plays `spec` on a provider request: waits out its latency, then answers with the fault.
 * Returns true when the fault answered (or dropped) the request, false when the normal
 * handler should answer (latency only).
 */
export async function applyFault(
  req: IncomingMessage,
  res: ServerResponse,
  spec: FaultSpec | null,
  state: SandboxState,
  sendError: SendFaultError = sendEnvelopeError,
): Promise<boolean> {
  if (spec === null) return false;
  if (spec.latencyMs !== undefined && spec.latencyMs > 0) await sleep(spec.latencyMs);
  if (spec.drop) {
    state.calls.faultsInjected += 1;
    req.socket.destroy();
    return true;
  }
  if (spec.status !== undefined) {
    state.calls.faultsInjected += 1;
    const text = STATUS_TEXT[spec.status] ?? "Error";
    const headers: Record<string, string> = {};
    if (spec.status === 429) {
      const seconds = spec.retryAfterSeconds ?? state.faults.retryAfterSeconds;
      if (seconds !== null) headers["retry-after"] = String(seconds);
    }
    if (spec.html) {
      sendText(res, spec.status, htmlPage(spec.status, text), "text/html; charset=utf-8", headers);
    } else {
      sendError(res, spec.status, text, headers);
    }
    return true;
  }
  if (spec.code !== undefined) {
    state.calls.faultsInjected += 1;
    sendEnvelope(res, 200, spec.code, "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요.");
    return true;
  }
  return false;
}
