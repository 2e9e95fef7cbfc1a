import { createHash, createHmac, timingSafeEqual } from "node:crypto";

const SESSION_CONTEXT = "cert-admin-session.v1.";

function sha256(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * Compares two secrets in constant time. Both sides are hashed first so the comparison always
 * runs over 32 bytes: neither the length of a guess nor the position of its first wrong byte
 * changes how long a rejection takes.
 */
export function secretsMatch(expected: string, candidate: string): boolean {
  return timingSafeEqual(sha256(expected), sha256(candidate));
}

/** A browser session: the cookie value and how long it stays valid. */
export interface IssuedSession {
  value: string;
  maxAgeMs: number;
}

/**
 * Holds the admin token and checks what requests present: the token itself (Bearer header,
 * login form) or a session cookie derived from it.
 *
 * The session value is `<expiry>.<HMAC-SHA256(token, context + expiry)>`: it proves the token
 * was presented without containing it, every API instance sharing the token can verify it
 * without shared state, and rotating ADMIN_TOKEN invalidates every session at once.
 */
export class AdminCredentials {
  readonly #token: string;
  readonly #tokenDigest: Buffer;

  constructor(
    token: string,
    /** Lifetime of a browser session. */
    readonly sessionTtlMs: number,
  ) {
    this.#token = token;
    this.#tokenDigest = sha256(token);
  }

  /** Whether `candidate` is the admin token, in constant time. */
  matchesToken(candidate: string): boolean {
    return timingSafeEqual(this.#tokenDigest, sha256(candidate));
  }

  /** A fresh session cookie value, valid for `sessionTtlMs` from `nowMs`. */
  issueSession(nowMs: number): IssuedSession {
    const expiresAt = Math.floor((nowMs + this.sessionTtlMs) / 1000);
    return { value: `${expiresAt}.${this.#mac(expiresAt)}`, maxAgeMs: this.sessionTtlMs };
  }

  /** Whether `value` is an unexpired session issued with this token. */
  verifySession(value: string, nowMs: number): boolean {
    const match = /^(\d{1,12})\.([A-Za-z0-9_-]{1,128})$/.exec(value);
    if (!match) return false;
    const expiresAt = Number(match[1]);
    // The MAC is checked even for an expired value so every rejection does the same work.
    const authentic = secretsMatch(this.#mac(expiresAt), match[2] ?? "");
    return authentic && expiresAt * 1000 > nowMs;
  }

  #mac(expiresAt: number): string {
    return createHmac("sha256", this.#token)
      .update(`${SESSION_CONTEXT}${expiresAt}`)
      .digest("base64url");
  }
}
