import type { StoredProvider } from "@cert/db";
import { parse as parseUuid, v5 as uuidV5 } from "uuid";

/**
 * Namespace of outcome event ids. Fixed forever: changing it would give already-published
 * events new ids and defeat consumers' deduplication.
 */
export const OUTCOME_EVENT_NAMESPACE = "0b3c8a3e-5d0f-4f4e-9c59-6f2f6a1c7d21";

/** Parsed once: every job computes an event id. */
const NAMESPACE_BYTES = parseUuid(OUTCOME_EVENT_NAMESPACE);

/**
 * The `event_id` of the outcome event for a verification: a UUIDv5 in
 * {@link OUTCOME_EVENT_NAMESPACE} of the imp_uid alone for V1 (the ids published before V2
 * existed, unchanged) and of `portone:<id>` for V2, so a V2 id that happens to look like an
 * imp_uid never shares an event id with it. It depends on the provider and id alone, so every
 * replay and re-publication carries the same id and consumers can deduplicate on it; it reveals
 * nothing beyond what the id does.
 */
export function eventIdFor(verificationId: string, provider: StoredProvider = "iamport"): string {
  const name = provider === "iamport" ? verificationId : `${provider}:${verificationId}`;
  return uuidV5(name, NAMESPACE_BYTES);
}
