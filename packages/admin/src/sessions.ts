import type { RedisCaller } from "@cert/http";
import type { AdminCredentials, IssuedSession } from "./credentials";

/**
 * Browser sessions with a server-side record in Redis, so that logout (or an operator deleting
 * the keys) ends a session on every API instance at once, not just in the browser that had it.
 *
 * A session is valid while its cookie value carries an authentic MAC, is unexpired, and its
 * record `<keyPrefix>session:<id>` exists. The record expires with the session; it holds no
 * secret (the id alone is useless without the token-derived MAC).
 */
export class AdminSessions {
  constructor(
    private readonly credentials: AdminCredentials,
    private readonly redis: RedisCaller,
    /** Namespace of the records, e.g. `cert:admin:`. */
    private readonly keyPrefix: string,
  ) {}

  /** Starts a session: records it in Redis, then returns the cookie value to hand out. */
  async start(nowMs = Date.now()): Promise<IssuedSession> {
    const session = this.credentials.issueSession(nowMs);
    await this.redis.call("SET", this.#key(session.id), "1", "PX", String(session.maxAgeMs));
    return session;
  }

  /**
   * Whether `value` names a live session. Forged, tampered and expired values are refused
   * without touching Redis; Redis errors are thrown (the caller answers 503).
   */
  async isActive(value: string, nowMs = Date.now()): Promise<boolean> {
    const session = this.credentials.verifySession(value, nowMs);
    if (session === undefined || session.expired) return false;
    return Number(await this.redis.call("EXISTS", this.#key(session.id))) === 1;
  }

  /** Ends the session `value` names, everywhere. A forged or unknown value is a no-op. */
  async revoke(value: string, nowMs = Date.now()): Promise<void> {
    const session = this.credentials.verifySession(value, nowMs);
    if (session !== undefined) await this.redis.call("DEL", this.#key(session.id));
  }

  #key(id: string): string {
    return `${this.keyPrefix}session:${id}`;
  }
}
