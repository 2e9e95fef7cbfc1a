import { randomBytes } from "node:crypto";

/** What `POST /users/getToken` puts in `response`. */
export interface IssuedToken {
  readonly access_token: string;
  readonly now: number;
  readonly expired_at: number;
}

/** Seconds before expiry within which asking again extends the token. */
const EXTEND_WITHIN_SECONDS = 60;
/** How far such a request pushes `expired_at`. */
const EXTEND_BY_SECONDS = 300;

/**
 * The provider's single access token per API key. Asking again before expiry returns the same
 * token and `expired_at` (extended by 5 minutes when under a minute is left); after expiry a
 * new token is issued. All times are the provider's clock in unix seconds.
 */
export class TokenStore {
  private current: { token: string; expiredAt: number } | null = null;
  private issuedCount = 0;

  /** Tokens created so far (not counting repeats of the same token). */
  get issued(): number {
    return this.issuedCount;
  }

  issue(nowSeconds: number, ttlSeconds: number): IssuedToken {
    const current = this.current;
    if (current !== null && nowSeconds < current.expiredAt) {
      if (current.expiredAt - nowSeconds < EXTEND_WITHIN_SECONDS) {
        current.expiredAt += EXTEND_BY_SECONDS;
      }
      return { access_token: current.token, now: nowSeconds, expired_at: current.expiredAt };
    }
    const next = { token: randomBytes(20).toString("hex"), expiredAt: nowSeconds + ttlSeconds };
    this.current = next;
    this.issuedCount += 1;
    return { access_token: next.token, now: nowSeconds, expired_at: next.expiredAt };
  }

  isValid(token: string, nowSeconds: number): boolean {
    const current = this.current;
    return current !== null && current.token === token && nowSeconds < current.expiredAt;
  }

  /** Makes every issued token invalid, as a key rotation at the provider would. */
  revokeAll(): void {
    this.current = null;
  }

  reset(): void {
    this.current = null;
    this.issuedCount = 0;
  }
}
