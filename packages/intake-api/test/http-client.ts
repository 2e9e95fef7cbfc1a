import { request } from "node:http";

export interface RawRequest {
  method?: string;
  /** Sent as is, never normalised (so `..` and malformed escapes reach the server). */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body chunked, without Content-Length. */
  chunked?: boolean;
  /** Fail the request when no answer arrives in this long (a hang detector). Default 15000 ms. */
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/**
 * One HTTP request with node:http on a fresh connection, so tests control every byte of the
 * path and body. A server that answers before reading a whole (oversized) body may reset the
 * upload; the answer still counts.
 */
export function send(origin: string, options: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const headers: Record<string, string> = { connection: "close", ...options.headers };
  if (body !== undefined && !options.chunked) headers["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      { hostname, port, method: options.method ?? "GET", path: options.path, headers },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    req.setTimeout(options.timeoutMs ?? 15_000, () => {
      req.destroy(
        new Error(`no answer to ${options.path} within ${options.timeoutMs ?? 15_000} ms`),
      );
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** POST a JSON value (or raw text) to `/certifications`. */
export function postJson(origin: string, body: unknown, raw = false): Promise<RawResponse> {
  return send(origin, {
    method: "POST",
    path: "/certifications",
    headers: { "content-type": "application/json" },
    body: raw ? String(body) : JSON.stringify(body),
  });
}

/** POST a form body to `/certifications`. */
export function postForm(origin: string, form: string): Promise<RawResponse> {
  return send(origin, {
    method: "POST",
    path: "/certifications",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form,
  });
}

/** The `{error:{code}}` of an answer. */
export function errorCode(response: RawResponse): string | undefined {
  return (response.json as { error?: { code?: string } } | undefined)?.error?.code;
}

/** Polls `check` until it returns a value other than undefined (default: up to 20 s). */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
