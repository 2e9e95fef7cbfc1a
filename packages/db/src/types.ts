import type pg from "pg";

/**
 * The outcomes and age rules as stored. Same literals as `@cert/age-check` (`Outcome`,
 * `AgeRule`); restated here so the storage layer does not depend on the rules package, and
 * enforced by CHECK constraints in the schema.
 */
export type StoredOutcome = "passed" | "failed" | "not_certified" | "no_birthday" | "not_found";
export type StoredAgeRule = "calendar-year" | "full-years";

/** The providers as stored in `certifications.provider` (i'mport V1, PortOne V2). */
export type StoredProvider = "iamport" | "portone";

/** Anything that runs a query: the pool, or a client checked out of it. */
export type Queryable = pg.Pool | pg.PoolClient | pg.Client;

/** A provider's verification as persisted (normalized from V1 or V2 by the processor). */
export interface CertificationRecord {
  /** CI; null for Kakao certificates and some PGs (then no `users` row is written). */
  uniqueKey: string | null;
  /** DI. */
  uniqueInSite: string | null;
  name: string | null;
  /** `male`, `female` or `other` (V1 passes its own value through). */
  gender: string | null;
  /** `YYYY-MM-DD`. */
  birthday: string | null;
  phone: string | null;
  carrier: string | null;
  foreigner: boolean | null;
  merchantUid: string | null;
  pgProvider: string | null;
  pgTid: string | null;
  certified: boolean;
  certifiedAt: Date | null;
}

/** Everything one finished job writes. */
export interface CheckResult {
  provider: StoredProvider;
  /** The imp_uid (V1) or the identityVerificationId (V2). */
  verificationId: string;
  /** Null when the provider has no such verification (outcome `not_found`). */
  certification: CertificationRecord | null;
  outcome: StoredOutcome;
  /** Completed years at the reference date, or null. */
  age: number | null;
  ageMin: number;
  ageRule: StoredAgeRule;
  /** When the check ran. */
  checkedAt: Date;
}
