import type { PoolName } from "./people";

/** The kinds of record the generator produces; the last digit of an imp_uid picks one. */
export type SandboxShapeName =
  | "full"
  | "minor"
  | "no-phone"
  | "no-unique-key"
  | "no-birthday"
  | "birth-only"
  | "not-certified"
  | "turning-19"
  | "extra-fields"
  | "not-found";

/** Outcomes as the outcome events name them. */
export type SandboxOutcome = "passed" | "failed" | "not_certified" | "no_birthday" | "not_found";

export interface SandboxShape {
  /** The last digit of the imp_uid. */
  readonly digit: number;
  readonly name: SandboxShapeName;
  /** Where the person comes from; null when the record names nobody. */
  readonly pool: PoolName | null;
  readonly description: string;
  /** The outcome with `AGE_MIN=19`, per age rule. */
  readonly expected: {
    readonly "calendar-year": SandboxOutcome;
    readonly "full-years": SandboxOutcome;
  };
}

const both = (outcome: SandboxOutcome) => ({ "calendar-year": outcome, "full-years": outcome });

/**
 * The shape table. An id `imp_<digits>` maps as follows: the last digit picks the shape, the
 * two digits before it pick the person (00-99) in the shape's pool, and a hash of all digits
 * picks `certified_at` (2026-01-02 .. 2026-03-31 KST), pg provider, phone and extra fields.
 * Shapes that share a pool share people: `imp_…070` and `imp_…075` are the same person (same
 * CI and name) under two imp_uids with different `certified_at`.
 */
export const SANDBOX_SHAPES: readonly SandboxShape[] = [
  {
    digit: 0,
    name: "full",
    pool: "adult",
    description: "every field, adult",
    expected: both("passed"),
  },
  {
    digit: 1,
    name: "minor",
    pool: "minor",
    description: "every field, aged 13-18",
    expected: both("failed"),
  },
  {
    digit: 2,
    name: "no-phone",
    pool: "adult",
    description: "adult; phone and carrier absent (not null)",
    expected: both("passed"),
  },
  {
    digit: 3,
    name: "no-unique-key",
    pool: "adult",
    description: "adult via kakaopay; unique_key and unique_in_site absent",
    expected: both("passed"),
  },
  {
    digit: 4,
    name: "no-birthday",
    pool: "no-birthday",
    description: "certified, neither birthday nor birth",
    expected: both("no_birthday"),
  },
  {
    digit: 5,
    name: "birth-only",
    pool: "adult",
    description: "adult; legacy birth (unix s at 00:00 KST) and no birthday",
    expected: both("passed"),
  },
  {
    digit: 6,
    name: "not-certified",
    pool: null,
    description: "certified false, certified_at 0, personal fields null",
    expected: both("not_certified"),
  },
  {
    digit: 7,
    name: "turning-19",
    pool: "turning-19",
    description: "born in 2007 after the certification date: 19 by calendar year, 18 in full years",
    expected: { "calendar-year": "passed", "full-years": "failed" },
  },
  {
    digit: 8,
    name: "extra-fields",
    pool: "adult",
    description: "adult plus origin, foreigner_v2 and an unknown future field",
    expected: both("passed"),
  },
  {
    digit: 9,
    name: "not-found",
    pool: null,
    description: "HTTP 404, the provider has no such certification",
    expected: both("not_found"),
  },
];

const IMP_UID = /^imp_(\d+)$/;

/** The digits of a generator id (`imp_` + digits), or null for anything else. */
export function impUidDigits(impUid: string): string | null {
  return IMP_UID.exec(impUid)?.[1] ?? null;
}

/** The shape the generator gives `impUid`; null when it is not `imp_` + digits (served as 404). */
export function sandboxShapeOf(impUid: string): SandboxShape | null {
  const digits = impUidDigits(impUid);
  if (digits === null) return null;
  return SANDBOX_SHAPES[Number(digits.at(-1))] ?? null;
}

/** The outcome the generated record leads to with `AGE_MIN=19` (registered records aside). */
export function sandboxExpectedOutcome(
  impUid: string,
  rule: "calendar-year" | "full-years" = "calendar-year",
): SandboxOutcome {
  return sandboxShapeOf(impUid)?.expected[rule] ?? "not_found";
}

/**
 * Builds a 12-digit generator id: `serial` (9 digits, modulo 10^9), then `person` (2 digits),
 * then the shape digit. `sandboxImpUid("minor", 3, 42)` is `imp_000000042031`.
 */
export function sandboxImpUid(shape: SandboxShapeName, person = 0, serial = 0): string {
  const digit = SANDBOX_SHAPES.findIndex((s) => s.name === shape);
  const serialPart = String(Math.abs(serial) % 1_000_000_000).padStart(9, "0");
  const personPart = String(Math.abs(person) % 100).padStart(2, "0");
  return `imp_${serialPart}${personPart}${digit}`;
}
