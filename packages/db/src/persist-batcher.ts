import { DbError } from "./errors";
import {
  type PersistResult,
  persistCheckResults,
  type WrittenEvent,
} from "./queries/persist-check-results";
import type { CheckResult, Queryable } from "./types";

export interface PersistBatcherOptions {
  /** Where results go. Owned by the caller. */
  readonly pool: Queryable;
  /** Most results in one statement. Default 500. */
  readonly maxBatchSize?: number;
  /** Most statements running at once (each on its own pooled connection). Default 2. */
  readonly maxInFlight?: number;
  /**
   * Called once per committed statement with the outbox rows it inserted, which are claimed for
   * `claimForMs` so that the caller can publish them at once. Must not throw. Default: none
   * (rows are left unclaimed for the relays' sweep).
   */
  readonly onWritten?: (events: WrittenEvent[]) => void;
  /** How long rows handed to `onWritten` stay claimed, in ms. Default 15000. */
  readonly claimForMs?: number;
}

export interface PersistBatcher {
  /** Records one finished check; resolves once its statement has committed. */
  persist(result: CheckResult): Promise<PersistResult>;
  /** Resolves when everything handed over so far has committed or failed. */
  drain(): Promise<void>;
}

interface Pending {
  readonly result: CheckResult;
  readonly resolve: (persisted: PersistResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for finished checks: results handed over while a statement is in flight (or in
 * the same event-loop turn) go to Postgres together, in one multi-row statement
 * ({@link persistCheckResults}), and each caller's promise settles with its own row. One
 * statement runs at a time, so a batch grows with the load and never waits on a timer: at low
 * load each result is written alone as soon as it arrives; under load, one round trip, one
 * commit and one socket write serve dozens of jobs (the per-job statement was the largest cost
 * of the worker's CPU and of Postgres's).
 *
 * A batch never holds one imp_uid or unique_key twice (Postgres cannot upsert a row twice in one
 * statement); a later result for the same person simply waits for the next batch, so results
 * for one person are written in the order they arrived.
 *
 * Failures: when the database is unreachable every result of the batch fails with the same
 * retryable error. When Postgres refuses the statement (a bad row, a deadlock), each result is
 * retried in a statement of its own, so one poison row fails only its own job.
 */
export function createPersistBatcher(options: PersistBatcherOptions): PersistBatcher {
  const { pool, onWritten } = options;
  const maxBatchSize = options.maxBatchSize ?? 500;
  const maxInFlight = options.maxInFlight ?? 2;
  const claimForMs = onWritten ? (options.claimForMs ?? 15_000) : undefined;
  let queue: Pending[] = [];
  const running = new Set<Promise<void>>();
  /** imp_uids and people (unique_key) of the statements running. */
  const busy = new Set<string>();
  let scheduled = false;

  function schedule(): void {
    if (scheduled || running.size >= maxInFlight) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (running.size >= maxInFlight) return;
      const batch = takeBatch();
      if (batch.length === 0) return;
      const keys = batch.flatMap(keysOf);
      for (const key of keys) busy.add(key);
      const statement = writeBatch(batch).finally(() => {
        running.delete(statement);
        for (const key of keys) busy.delete(key);
        if (queue.length > 0) schedule();
      });
      running.add(statement);
      if (queue.length > 0) schedule();
    });
  }

  function keysOf(pending: Pending): string[] {
    const key = pending.result.certification?.uniqueKey;
    return key ? [`i:${pending.result.impUid}`, `u:${key}`] : [`i:${pending.result.impUid}`];
  }

  /**
   * The oldest results, up to the limit, skipping any whose imp_uid or person is already in this
   * batch or in a running statement (they wait, in order, for a later batch).
   */
  function takeBatch(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const taken = new Set<string>();
    for (const pending of queue) {
      const keys = keysOf(pending);
      const clash = keys.some((key) => taken.has(key) || busy.has(key));
      // A result left behind still holds its keys, so nothing later for the same person or
      // imp_uid overtakes it.
      for (const key of keys) taken.add(key);
      if (batch.length >= maxBatchSize || clash) {
        rest.push(pending);
        continue;
      }
      batch.push(pending);
    }
    queue = rest;
    return batch;
  }

  async function writeBatch(batch: Pending[]): Promise<void> {
    try {
      const { results, written } = await persistCheckResults(
        pool,
        batch.map((p) => p.result),
        { claimForMs },
      );
      if (written.length > 0) onWritten?.(written);
      batch.forEach((pending, i) => {
        pending.resolve(results[i] as PersistResult);
      });
    } catch (error) {
      const refusedByPostgres = error instanceof DbError && error.sqlState !== undefined;
      // Alone, a refused row fails only its own caller.
      if (batch.length > 1 && refusedByPostgres) {
        await Promise.all(batch.map((pending) => writeBatch([pending])));
      } else for (const pending of batch) pending.reject(error);
    }
  }

  return {
    persist(result) {
      return new Promise<PersistResult>((resolve, reject) => {
        queue.push({ result, resolve, reject });
        schedule();
      });
    },
    async drain() {
      while (running.size > 0 || scheduled || queue.length > 0) {
        await Promise.race([...running, new Promise((resolve) => setImmediate(resolve))]);
      }
    },
  };
}
