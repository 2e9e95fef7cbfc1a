import type { ServerResponse } from "node:http";

const JSON_TYPE = "application/json; charset=utf-8";

/**
 * Writes a complete response with plain `node:http` calls: the provider endpoints answer
 * without framework overhead so the sandbox keeps up with load tests.
 */
export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  contentType: string = JSON_TYPE,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    ...headers,
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

/** Sends the provider's envelope `{code, message, response}`. */
export function sendEnvelope(
  res: ServerResponse,
  status: number,
  code: number,
  message: string | null,
  response: unknown = null,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendText(res, status, JSON.stringify({ code, message, response }), JSON_TYPE, headers);
}

/** The provider's answer for an unknown imp_uid. */
export function sendNotFound(res: ServerResponse): void {
  sendEnvelope(res, 404, -1, "인증결과가 존재하지 않습니다.");
}

export function sendUnauthorized(res: ServerResponse): void {
  sendEnvelope(res, 401, -1, "Unauthorized");
}
