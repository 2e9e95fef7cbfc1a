import {
  generateCertification,
  type RawCertification,
  SANDBOX_SHAPES,
  type SandboxShapeName,
  sandboxExpectedOutcome,
  sandboxImpUid,
} from "@cert/iamport-sandbox";
import {
  birthdayOf,
  certifiedAtOf,
  type ExpectedOutcome,
  expectedOutcomeOf,
} from "./expected-outcome";

/** One imp_uid of a batch: what the sandbox serves for it and what the pipeline must record. */
export interface BatchItem {
  impUid: string;
  shape: SandboxShapeName;
  /** The record the sandbox serves; null for a 404. */
  record: RawCertification | null;
  expected: ExpectedOutcome;
  /** The sandbox's own prediction from its shape table (calendar-year, AGE_MIN 19). */
  shapeTableOutcome: string;
}

export interface BatchOptions {
  /** imp_uids per shape. Default 12. */
  perShape?: number;
  /** First serial number, so batches of one file do not overlap. Default 1. */
  firstSerial?: number;
  /**
   * Distinct people per shape: imp_uid n uses person n modulo this, so one person shows up under
   * several imp_uids and shapes (re-verification). Default 9, which includes the adults born in
   * Korean daylight saving time (people 7 and 8), whose legacy `birth` is easy to misread.
   */
  people?: number;
}

/** A batch of generated imp_uids covering every shape of the sandbox's table. */
export function buildShapeBatch(options: BatchOptions = {}): BatchItem[] {
  const { perShape = 12, firstSerial = 1, people = 9 } = options;
  const items: BatchItem[] = [];
  for (const shape of SANDBOX_SHAPES) {
    for (let n = 0; n < perShape; n++) {
      const impUid = sandboxImpUid(shape.name, n % people, firstSerial + n);
      const record = generateCertification(impUid);
      items.push({
        impUid,
        shape: shape.name,
        record,
        expected: expectedOutcomeOf(record),
        shapeTableOutcome: sandboxExpectedOutcome(impUid),
      });
    }
  }
  return items;
}

/** The profile `users` must hold for one person: from their newest certification. */
export interface ExpectedUser {
  uniqueKey: string;
  name: unknown;
  birthday: string | null;
  lastImpUid: string;
  firstCertifiedAt: Date;
  lastCertifiedAt: Date;
  /** The newest record's phone, or undefined when it has none (then no claim is made). */
  phone: string | undefined;
  /** Whether two of the person's certifications share the newest `certified_at` (no single newest). */
  tiedNewest: boolean;
}

/**
 * One expected `users` row per distinct `unique_key` among records that carry one, with the
 * newest certification's profile and the first and last `certified_at`.
 */
export function expectedUsers(records: readonly RawCertification[]): Map<string, ExpectedUser> {
  const byKey = new Map<string, RawCertification[]>();
  for (const record of records) {
    if (typeof record.unique_key !== "string") continue;
    byKey.set(record.unique_key, [...(byKey.get(record.unique_key) ?? []), record]);
  }
  const users = new Map<string, ExpectedUser>();
  for (const [uniqueKey, group] of byKey) {
    const times = group.map((r) => certifiedAtOf(r)?.getTime() ?? 0);
    const newestTime = Math.max(...times);
    const newest = group[times.indexOf(newestTime)] as RawCertification;
    users.set(uniqueKey, {
      uniqueKey,
      name: newest.name,
      birthday: birthdayOf(newest),
      lastImpUid: String(newest.imp_uid),
      firstCertifiedAt: new Date(Math.min(...times)),
      lastCertifiedAt: new Date(newestTime),
      phone: typeof newest.phone === "string" ? newest.phone : undefined,
      tiedNewest: times.filter((t) => t === newestTime).length > 1,
    });
  }
  return users;
}
