import { Agent, fetch, type RequestInit } from "undici";

/**
 * No keep-alive: every request gets its own connection, so a request can never race the
 * server closing an idle pooled socket (a client artefact that would read as a server fault).
 */
const dispatcher = new Agent({ pipelining: 0 });

/** One HTTP answer, read completely. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
  text: string;
}

/** Longest a request may take before the test calls it hung. Default for {@link request}. */
export const REQUEST_DEADLINE_MS = 15_000;

/**
 * Sends one request and reads the whole answer. It rejects (never waits forever) when no answer
 * arrives within `deadlineMs`, so "the API never hangs" is something a test can observe.
 */
export async function request(
  url: string,
  init: RequestInit = {},
  deadlineMs = REQUEST_DEADLINE_MS,
): Promise<HttpAnswer> {
  const response = await fetch(url, {
    ...init,
    dispatcher,
    signal: AbortSignal.timeout(deadlineMs),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** `POST /certifications` with a JSON body. */
export function submit(apiUrl: string, impUid: string): Promise<HttpAnswer> {
  return request(`${apiUrl}/certifications`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ imp_uid: impUid }),
  });
}

/** `GET /certifications/:imp_uid`. */
export function getStatus(apiUrl: string, impUid: string): Promise<HttpAnswer> {
  return request(`${apiUrl}/certifications/${encodeURIComponent(impUid)}`);
}

/** The status body as the HTTP API documents it. */
export interface StatusBody {
  imp_uid: string;
  status: "queued" | "processing" | "completed" | "failed";
  outcome?: string;
  attempts?: number | null;
  error?: string;
}

/**
 * Submits every imp_uid, `parallel` requests at a time, and returns the answers by imp_uid.
 * Throws on the first answer that is not 202, quoting it.
 */
export async function submitAll(
  apiUrl: string,
  impUids: readonly string[],
  parallel = 16,
): Promise<Map<string, HttpAnswer>> {
  const answers = new Map<string, HttpAnswer>();
  let next = 0;
  const lane = async () => {
    while (next < impUids.length) {
      const impUid = impUids[next++] as string;
      const answer = await submit(apiUrl, impUid);
      if (answer.status !== 202) {
        throw new Error(`POST ${impUid} answered ${answer.status}: ${answer.text}`);
      }
      answers.set(impUid, answer);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, impUids.length) }, lane));
  return answers;
}

/** `GET /certifications/:imp_uid` for every imp_uid, `parallel` at a time; bodies by imp_uid. */
export async function statusAll(
  apiUrl: string,
  impUids: readonly string[],
  parallel = 16,
): Promise<Map<string, HttpAnswer>> {
  const answers = new Map<string, HttpAnswer>();
  let next = 0;
  const lane = async () => {
    while (next < impUids.length) {
      const impUid = impUids[next++] as string;
      answers.set(impUid, await getStatus(apiUrl, impUid));
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, impUids.length) }, lane));
  return answers;
}
