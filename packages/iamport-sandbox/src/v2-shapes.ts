import { fnv1a } from "./deterministic";
import { POOL_SIZE, type PoolName } from "./people";
import type { SandboxOutcome } from "./shapes";

/** The kinds of PortOne V2 identity verification the generator produces. */
export type SandboxV2ShapeName =
  | "full"
  | "minor"
  | "no-phone"
  | "no-ci-di"
  | "no-birth-date"
  | "gender-other"
  | "foreigner"
  | "lgu"
  | "lgu-mvno"
  | "extra-fields"
  | "failed"
  | "ready-then-verified"
  | "ready-forever"
  | "not-found";

export interface SandboxV2Shape {
  readonly name: SandboxV2ShapeName;
  /** The V1 pool the person comes from (the same people as V1); null when nobody is named. */
  readonly pool: PoolName | null;
  readonly description: string;
  /** The outcome once the worker is done, with `AGE_MIN=19` (either age rule). */
  readonly expected: SandboxOutcome;
}

const shape = (
  name: SandboxV2ShapeName,
  pool: PoolName | null,
  expected: SandboxOutcome,
  description: string,
): SandboxV2Shape => ({ name, pool, expected, description });

/** The V2 shape table, in the order a hash of an id picks from. */
export const SANDBOX_V2_SHAPES: readonly SandboxV2Shape[] = [
  shape("full", "adult", "passed", "VERIFIED, every customer field"),
  shape("minor", "minor", "failed", "VERIFIED, every field, aged 13-18"),
  shape("no-phone", "adult", "passed", "VERIFIED without phoneNumber and operator"),
  shape("no-ci-di", "adult", "passed", "VERIFIED via INICIS_UNIFIED (Kakao) without ci and di"),
  shape("no-birth-date", "no-birthday", "no_birthday", "VERIFIED without birthDate"),
  shape("gender-other", "adult", "passed", "VERIFIED with gender OTHER"),
  shape("foreigner", "adult", "passed", "VERIFIED with isForeigner true"),
  shape("lgu", "adult", "passed", "VERIFIED with operator LGU"),
  shape("lgu-mvno", "adult", "passed", "VERIFIED with operator LGU_MVNO"),
  shape("extra-fields", "adult", "passed", "VERIFIED plus unknown fields, verifiedAt at +09:00"),
  shape("failed", null, "not_certified", "FAILED with a failure reason"),
  shape("ready-then-verified", "adult", "passed", "READY for the first fetches, then VERIFIED"),
  shape("ready-forever", null, "not_certified", "READY on every fetch"),
  shape("not-found", null, "not_found", "HTTP 404 IDENTITY_VERIFICATION_NOT_FOUND"),
];

/** How long a `ready-then-verified` id stays READY: served fetches, or ms from its first fetch. */
export type ReadyFor = { readonly fetches: number } | { readonly ms: number };

/** READY for the first two served fetches unless the id says otherwise. */
export const DEFAULT_READY_FOR: ReadyFor = Object.freeze({ fetches: 2 });

/** What the generator reads from an id. */
export interface V2IdPlan {
  readonly shape: SandboxV2Shape;
  /** Person 0-99 in the shape's pool. */
  readonly person: number;
  readonly readyFor: ReadyFor;
  /** Hash of the whole id: picks dates, PG, phone line. */
  readonly hash: number;
}

/** PortOne's id alphabet (1-128 of `A-Z a-z 0-9 . _ ~ -`). */
export const IDENTITY_VERIFICATION_ID = /^[A-Za-z0-9._~-]{1,128}$/;

/** `sbx.<shape>[~N|~Nms].<NN>.<serial>`: a shape, READY duration and person picked explicitly. */
const EXPLICIT = /^sbx\.([a-z0-9-]+)(?:~(\d{1,7})(ms)?)?\.(\d{2})\.[A-Za-z0-9._~-]*$/;

/**
 * The plan for any valid id, null for ids PortOne would not accept (answered 404). Ids of the
 * explicit form name their shape and person; any other id gets both from a hash of the id.
 */
export function sandboxV2PlanOf(id: string): V2IdPlan | null {
  if (!IDENTITY_VERIFICATION_ID.test(id)) return null;
  const hash = fnv1a(id);
  const match = EXPLICIT.exec(id);
  const named = match && SANDBOX_V2_SHAPES.find((s) => s.name === match[1]);
  if (match && named) {
    const [, , amount, ms, person] = match;
    const readyFor: ReadyFor =
      amount === undefined
        ? DEFAULT_READY_FOR
        : ms
          ? { ms: Number(amount) }
          : { fetches: Number(amount) };
    return { shape: named, person: Number(person), readyFor, hash };
  }
  const picked = SANDBOX_V2_SHAPES[hash % SANDBOX_V2_SHAPES.length] ?? SANDBOX_V2_SHAPES[0];
  return {
    shape: picked as SandboxV2Shape,
    person: (hash >>> 8) % POOL_SIZE,
    readyFor: DEFAULT_READY_FOR,
    hash,
  };
}

/**
 * Builds an explicit id: `sandboxIdentityVerificationId("full", 7, 42)` is
 * `sbx.full.07.000000042`. With the same shape pool and `person`, it names the same person
 * (same CI) as `sandboxImpUid(<V1 shape>, 7, …)`. `readyFor` applies to `ready-then-verified`.
 */
export function sandboxIdentityVerificationId(
  shapeName: SandboxV2ShapeName,
  person = 0,
  serial = 0,
  readyFor?: ReadyFor,
): string {
  const ready =
    readyFor === undefined ? "" : "ms" in readyFor ? `~${readyFor.ms}ms` : `~${readyFor.fetches}`;
  const personPart = String(Math.abs(person) % POOL_SIZE).padStart(2, "0");
  const serialPart = String(Math.abs(serial) % 1_000_000_000).padStart(9, "0");
  return `sbx.${shapeName}${ready}.${personPart}.${serialPart}`;
}

/** The shape the generator gives `id`; null for an id outside PortOne's alphabet. */
export function sandboxV2ShapeOf(id: string): SandboxV2Shape | null {
  return sandboxV2PlanOf(id)?.shape ?? null;
}

/** The outcome the generated verification leads to once READY is over (registrations aside). */
export function sandboxV2ExpectedOutcome(id: string): SandboxOutcome {
  return sandboxV2ShapeOf(id)?.expected ?? "not_found";
}
