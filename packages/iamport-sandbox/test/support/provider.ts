import { SANDBOX_API_KEY, SANDBOX_API_SECRET } from "../../src";

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body; undefined when it is not JSON. */
  readonly body: unknown;
}

export interface Envelope<T = unknown> {
  readonly code: number;
  readonly message: string | null;
  readonly response: T;
}

export interface TokenResponse {
  readonly access_token: string;
  readonly now: number;
  readonly expired_at: number;
}

/** One HTTP exchange with the sandbox, body read as text and parsed when it is JSON. */
export async function call(url: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${url}${path}`, init);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

export function envelopeOf<T = unknown>(answer: Answer): Envelope<T> {
  return answer.body as Envelope<T>;
}

/** `POST /users/getToken` with a JSON body (the right credentials unless given). */
export function requestToken(
  url: string,
  credentials: Record<string, string> = {
    imp_key: SANDBOX_API_KEY,
    imp_secret: SANDBOX_API_SECRET,
  },
  headers: Record<string, string> = {},
): Promise<Answer> {
  return call(url, "/users/getToken", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(credentials),
  });
}

/** A valid access token. */
export async function tokenFor(url: string): Promise<string> {
  const answer = await requestToken(url);
  return envelopeOf<TokenResponse>(answer).response.access_token;
}

/** `GET /certifications/:imp_uid` with a Bearer token. */
export function fetchCertification(
  url: string,
  impUid: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return call(url, `/certifications/${impUid}`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
}

/** A JSON request to the control API. */
export function control(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  return call(url, `/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
