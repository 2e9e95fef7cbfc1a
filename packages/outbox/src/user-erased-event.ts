import { v5 as uuidV5 } from "uuid";
import { OUTCOME_EVENT_NAMESPACE } from "./event-id";

/** The `type` of the stream entry an erasure publishes. */
export const USER_ERASED_EVENT_TYPE = "user.erased";

/** The payload of a `user.erased` event, exactly as the public contract lists it. */
export interface UserErasedPayload {
  user_id: string;
  /** ISO 8601 UTC, millisecond precision (as stored in `users.erased_at`). */
  erased_at: string;
}

/**
 * The `event_id` of a person's `user.erased` event: a UUIDv5 of `user.erased:<user_id>` in the
 * outcome events' namespace. A person is erased once, so one id per person; a repeated erasure
 * writes nothing and a re-publication carries the same id.
 */
export function userErasedEventId(userId: string): string {
  return uuidV5(`${USER_ERASED_EVENT_TYPE}:${userId}`, OUTCOME_EVENT_NAMESPACE);
}
