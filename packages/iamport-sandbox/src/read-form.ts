import type { IncomingMessage } from "node:http";
import { SandboxInputError } from "./errors";

/** getToken bodies are two short strings; anything much larger is not a real client. */
const MAX_BODY_BYTES = 16 * 1024;

/**
 * Reads a getToken body, JSON or form-encoded (both are accepted by the provider). An
 * unsupported type reads as empty (the handler then answers 401 for missing credentials).
 */
export async function readForm(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SandboxInputError("request body too large");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/json") {
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === "object" && parsed !== null
        ? (parsed as Record<string, unknown>)
        : {};
    } catch {
      throw new SandboxInputError("malformed JSON body");
    }
  }
  if (type === "application/x-www-form-urlencoded")
    return Object.fromEntries(new URLSearchParams(text));
  return {};
}
