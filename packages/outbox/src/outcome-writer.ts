import { createCallBatcher } from "@cert/call-batcher";
import {
  type CheckResult,
  DbError,
  type PersistResult,
  personKeyOf,
  type Queryable,
} from "@cert/db";
import { type PiiCipher, PiiInputError } from "@cert/pii";
import {
  activeSpanContext,
  type SpanContext,
  SpanKind,
  verificationAttributes,
  withBatchSpan,
  withSpan,
} from "@cert/telemetry";
import { OUTBOX_DEFAULTS } from "./outbox-defaults";
import type { OutboxRelay } from "./outbox-relay";
import { writeOutcomes } from "./write-outcomes";

export interface OutcomeWriterOptions {
  /** Where results go. Owned by the caller. */
  readonly pool: Queryable;
  /** Encrypts the personal columns and hashes the CI (see `persistCheckResults`). */
  readonly cipher: PiiCipher;
  /**
   * The relay of this process, if any: each statement's new events are then claimed by the
   * insert and published by it right after the commit, so no sweep has to find them. Without
   * one, the rows are left unclaimed for some relay's sweep.
   */
  readonly relay?: Pick<OutboxRelay, "publishWritten">;
  /** Most results in one statement. Default 500. */
  readonly maxBatchSize?: number;
  /** Most statements running at once (each on its own pooled connection). Default 2. */
  readonly maxInFlight?: number;
}

export interface OutcomeWriter {
  /** Records one finished check and its outcome event; resolves once its statement committed. */
  write(result: CheckResult): Promise<PersistResult>;
  /** Resolves when everything handed over so far has committed or failed. */
  drain(): Promise<void>;
}

/** The verification and the person: Postgres cannot upsert one row twice in one statement. */
function keysOf(result: CheckResult): string[] {
  const verification = `v:${result.provider}:${result.verificationId}`;
  const key = personKeyOf(result);
  return key ? [verification, `u:${key}`] : [verification];
}

const fulfilled = <T>(value: T): PromiseFulfilledResult<T> => ({ status: "fulfilled", value });

/**
 * Group commit for finished checks: results handed over while a statement is in flight (or in
 * the same event-loop turn) go to Postgres together, in one multi-row statement, and each
 * caller's promise settles with its own row. A batch grows with the load and never waits on a
 * timer: at low load each result is written alone as soon as it arrives; under load, one round
 * trip, one commit and one socket write serve dozens of jobs (the per-job statement was the
 * largest cost of the worker's CPU and of Postgres's).
 *
 * A batch never holds one verification or person twice; a later result for the same person waits
 * for the next batch, so results for one person are written in the order they arrived.
 *
 * Failures: when the database is unreachable every result of the batch fails with the same
 * retryable error. When Postgres refuses the statement (a bad row, a deadlock) or a personal
 * value cannot be encrypted, each result is retried in a statement of its own, so one poison
 * row fails only its own job.
 */
export function createOutcomeWriter(options: OutcomeWriterOptions): OutcomeWriter {
  const { pool, relay, cipher } = options;
  const claimForMs = relay ? OUTBOX_DEFAULTS.leaseMs : undefined;
  /** Each waiting result's `outbox.write` span, for the statement's span to link. */
  const spans = new WeakMap<CheckResult, SpanContext>();

  /** One statement for `results`, in a span linking (or, alone, continuing) their traces. */
  function commit(results: CheckResult[]) {
    const attributes = {
      "db.system.name": "postgresql",
      "db.operation.batch.size": results.length,
      ...(results.length === 1 &&
        results[0] !== undefined &&
        verificationAttributes(results[0].provider, results[0].verificationId)),
    };
    // The relay's publication starts inside this span, so it belongs to the same trace(s).
    return withBatchSpan(
      "outbox.commit",
      results.map((result) => spans.get(result)),
      { kind: SpanKind.CLIENT, attributes },
      async () => {
        const batch = await writeOutcomes(pool, results, {
          cipher,
          ...(claimForMs !== undefined && { claimForMs }),
        });
        if (batch.written.length > 0) relay?.publishWritten(batch.written);
        return batch;
      },
    );
  }

  async function writeBatch(
    results: CheckResult[],
  ): Promise<PromiseSettledResult<PersistResult>[]> {
    try {
      const { results: persisted } = await commit(results);
      return persisted.map(fulfilled);
    } catch (error) {
      // Refused rows: by Postgres, or a personal value the cipher cannot store faithfully.
      const refused =
        (error instanceof DbError && error.sqlState !== undefined) ||
        error instanceof PiiInputError;
      if (results.length === 1 || !refused) throw error;
      // Alone, a refused row fails only its own caller.
      const alone = await Promise.allSettled(results.map((result) => writeBatch([result])));
      return alone.map((settled) =>
        settled.status === "fulfilled"
          ? (settled.value[0] as PromiseSettledResult<PersistResult>)
          : settled,
      );
    }
  }

  const batcher = createCallBatcher({
    run: writeBatch,
    maxBatchSize: options.maxBatchSize ?? 500,
    maxInFlight: options.maxInFlight ?? 2,
    keysOf,
  });
  // Each job's own span covers its wait for a statement and the commit.
  const write = (result: CheckResult) =>
    withSpan(
      "outbox.write",
      { attributes: verificationAttributes(result.provider, result.verificationId) },
      async () => {
        const spanContext = activeSpanContext();
        if (spanContext) spans.set(result, spanContext);
        return batcher.add(result);
      },
    );
  return { write, drain: batcher.drain };
}
