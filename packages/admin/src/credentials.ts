import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const SESSION_CONTEXT = "cert-admin-session.v2.";

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

/** A browser session: the cookie value, its id and how long it stays valid. */
export interface IssuedSession {
  value: string;
  /** Random id, the key of the session's server-side record. */
  id: string;
  maxAgeMs: number;
}

/** A session value whose MAC is authentic: its id, and whether it is still within its lifetime. */
export interface VerifiedSession {
  id: string;
  expired: boolean;
}

/**
 * Holds the admin token and checks what requests present: the token itself (Bearer header,
 * login form) or a session cookie derived from it.
 *
 * The session value is `<expiry>.<id>.<HMAC-SHA256(token, context + expiry + id)>`: it proves the
 * token was presented without containing it, a forged or tampered value is refused without any
 * Redis work, and rotating ADMIN_TOKEN invalidates every session at once. The random id names the
 * server-side record (see `AdminSessions`) that logout deletes.
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

  /** A fresh session value with a random id, valid for `sessionTtlMs` from `nowMs`. */
  issueSession(nowMs: number): IssuedSession {
    const expiresAt = Math.floor((nowMs + this.sessionTtlMs) / 1000);
    const id = randomBytes(24).toString("base64url");
    return {
      value: `${expiresAt}.${id}.${this.#mac(expiresAt, id)}`,
      id,
      maxAgeMs: this.sessionTtlMs,
    };
  }

  /** The session a value names when its MAC is authentic (expired or not); else `undefined`. */
  verifySession(value: string, nowMs: number): VerifiedSession | undefined {
    const match = /^(\d{1,12})\.([A-Za-z0-9_-]{32})\.([A-Za-z0-9_-]{1,128})$/.exec(value);
    if (!match) return undefined;
    const expiresAt = Number(match[1]);
    const id = match[2] as string;
    if (!secretsMatch(this.#mac(expiresAt, id), match[3] ?? "")) return undefined;
    return { id, expired: expiresAt * 1000 <= nowMs };
  }

  #mac(expiresAt: number, id: string): string {
    return createHmac("sha256", this.#token)
      .update(`${SESSION_CONTEXT}${expiresAt}.${id}`)
      .digest("base64url");
  }
}
