import type { Response } from "express";

/** Sends the provider's envelope `{code, message, response}`. */
export function sendEnvelope(
  res: Response,
  status: number,
  code: number,
  message: string | null,
  response: unknown = null,
): void {
  res.status(status).json({ code, message, response });
}

/** The provider's answer for an unknown imp_uid. */
export function sendNotFound(res: Response): void {
  sendEnvelope(res, 404, -1, "인증결과가 존재하지 않습니다.");
}

export function sendUnauthorized(res: Response): void {
  sendEnvelope(res, 401, -1, "Unauthorized");
}
