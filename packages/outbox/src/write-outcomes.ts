import {
  type CheckResult,
  type PersistBatchResult,
  type PersistOptions,
  type PersistResult,
  persistCheckResults,
  type Queryable,
} from "@cert/db";
import type { PiiCipher } from "@cert/pii";
import { outcomeEntryFor } from "./outcome-event";

/**
 * Records finished checks with their outcome events in one statement (see
 * `persistCheckResults` in @cert/db), returning per result whether it was new and the outbox
 * rows inserted, for the caller to publish after the commit.
 *
 * @throws DbError
 */
export function writeOutcomes(
  db: Queryable,
  results: readonly CheckResult[],
  options: PersistOptions,
): Promise<PersistBatchResult> {
  return persistCheckResults(db, results.map(outcomeEntryFor), options);
}

/** {@link writeOutcomes} for one result, its event left for the relays' sweep. */
export async function writeOutcome(
  db: Queryable,
  result: CheckResult,
  cipher: PiiCipher,
): Promise<PersistResult> {
  const { results } = await writeOutcomes(db, [result], { cipher });
  return results[0] as PersistResult;
}
