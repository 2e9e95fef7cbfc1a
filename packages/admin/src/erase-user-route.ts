import { HttpError, ServiceUnavailableError } from "@cert/http";
import type { Logger } from "@cert/logger";
import type { Router } from "express";

/** What an erasure reports (as `eraseUser` of @cert/outbox returns it). */
export interface ErasureResult {
  readonly userId: string;
  readonly erasedAt: Date;
  /** False when the person had been erased before: nothing was written or published. */
  readonly erasedNow: boolean;
}

/**
 * Erases one person (personal columns cleared, `erased_at` set, `user.erased` in the outbox,
 * one transaction), or returns null when no such person exists. Given by the app, which holds
 * the database; `eraseUser` of @cert/outbox is the implementation.
 */
export type EraseUser = (userId: string) => Promise<ErasureResult | null>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 400: the path does not hold a uuid. */
export class InvalidUserIdError extends HttpError {
  override readonly name = "InvalidUserIdError";
  constructor() {
    super(400, "invalid_user_id", "user_id must be a uuid");
  }
}

/** 404: no person with this user_id. */
export class UserNotFoundError extends HttpError {
  override readonly name = "UserNotFoundError";
  constructor() {
    super(404, "user_not_found", "No user with this user_id");
  }
}

/**
 * `POST /users/:user_id/erase`: `200 {"user_id","erased_at"}`. Idempotent: a repeat answers the
 * first erasure's `erased_at` and publishes nothing. `onErased` counts erasures done now.
 */
export function addEraseUserRoute(
  router: Router,
  options: { eraseUser: EraseUser; logger: Logger; onErased?: () => void },
): void {
  router.post("/users/:user_id/erase", async (req, res) => {
    const userId = req.params.user_id;
    if (!UUID.test(userId)) throw new InvalidUserIdError();
    let result: ErasureResult | null;
    try {
      result = await options.eraseUser(userId.toLowerCase());
    } catch (error) {
      // Postgres unreachable or the transaction aborted: nothing was half-written.
      if ((error as { retryable?: unknown }).retryable === true) {
        throw new ServiceUnavailableError("database_unavailable", "Database unavailable", 5);
      }
      throw error;
    }
    if (!result) throw new UserNotFoundError();
    if (result.erasedNow) options.onErased?.();
    options.logger.info(
      { user_id: result.userId, erased_now: result.erasedNow },
      "admin erased a user",
    );
    res.json({ user_id: result.userId, erased_at: result.erasedAt.toISOString() });
  });
}
