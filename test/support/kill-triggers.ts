import type { RunningSandbox } from "@cert/iamport-sandbox";
import type { CertificationQueue } from "@cert/queue";
import type { DatabaseRows } from "./database-rows";

/** Where in a job's life a worker is killed. */
export type KillPoint = "provider-call" | "commit-before-publish" | "relay-claim";

export interface TriggerContext {
  sandbox: RunningSandbox;
  queue: CertificationQueue;
  rows: DatabaseRows;
}

/** True once `sql` answers a positive count (false while Postgres cannot answer). */
async function positive(rows: DatabaseRows, sql: string): Promise<boolean> {
  try {
    const { rows: result } = await rows.pool.query<{ n: string }>(sql);
    return Number(result[0]?.n ?? 0) > 0;
  } catch {
    return false;
  }
}

/**
 * Probes for a moment where a kill lands at `point`:
 * - provider-call: jobs are active and provider requests are being made (the sandbox adds
 *   latency, so an active job is almost always inside its provider call);
 * - commit-before-publish: outcome rows are committed but not yet published;
 * - relay-claim: a relay holds a lease on rows it has not marked published (it is publishing).
 *   The lease column is internal to the relay; if it is renamed this probe never fires and the
 *   kill falls back to a random moment.
 */
export function killPointReached(
  point: KillPoint,
  context: TriggerContext,
): () => Promise<boolean> {
  const { sandbox, queue, rows } = context;
  switch (point) {
    case "provider-call": {
      let calls = sandbox.stats().certificationCalls;
      return async () => {
        const before = calls;
        calls = sandbox.stats().certificationCalls;
        return calls > before && (await queue.getActiveCount()) > 0;
      };
    }
    case "commit-before-publish":
      return () =>
        positive(rows, "SELECT count(*) AS n FROM outcome_events WHERE published_at IS NULL");
    case "relay-claim":
      return () =>
        positive(
          rows,
          `SELECT count(*) AS n FROM outcome_events
           WHERE published_at IS NULL AND claimed_until > now()`,
        );
  }
}
