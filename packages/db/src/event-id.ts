import { createHash } from "node:crypto";

/**
 * Namespace of outcome event ids. Fixed forever: changing it would give already-published
 * events new ids and defeat consumers' deduplication.
 */
export const OUTCOME_EVENT_NAMESPACE = "0b3c8a3e-5d0f-4f4e-9c59-6f2f6a1c7d21";

function namespaceBytes(namespace: string): Buffer {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  if (ns.length !== 16) throw new TypeError("namespace must be a UUID");
  return ns;
}

/** Parsed once: every job computes an event id. */
const OUTCOME_NAMESPACE_BYTES = namespaceBytes(OUTCOME_EVENT_NAMESPACE);

/** RFC 9562 UUID version 5 (SHA-1, name-based). */
export function uuidV5(namespace: string, name: string): string {
  return uuidV5In(namespaceBytes(namespace), name);
}

function uuidV5In(ns: Buffer, name: string): string {
  const bytes = createHash("sha1").update(ns).update(name, "utf8").digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The `event_id` of the outcome event for `impUid` (CONTRACT §5): a UUIDv5 of the imp_uid in
 * {@link OUTCOME_EVENT_NAMESPACE}. It depends on the imp_uid alone, so every replay and every
 * re-publication carries the same id and consumers can deduplicate on it; it reveals nothing
 * beyond what the imp_uid does.
 */
export function eventIdFor(impUid: string): string {
  return uuidV5In(OUTCOME_NAMESPACE_BYTES, impUid);
}
