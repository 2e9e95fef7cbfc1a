/**
 * The outbox's one set of timing and size defaults, shared by the writer's claim on the rows
 * it inserts, the relay's sweep and the claim query.
 */
export const OUTBOX_DEFAULTS = {
  /** Most events claimed and XADDed per round trip. */
  batchSize: 500,
  /**
   * How long a claim holds before another relay may take the rows, in ms: a writer or relay that
   * dies mid-batch delays those events by at most this.
   */
  leaseMs: 15_000,
  /** Longest sleep of the sweep when nothing nudges it, in ms. */
  pollIntervalMs: 200,
  /** How long marking rows published waits to gather more of them into one statement, in ms. */
  markLingerMs: 50,
  /** Longest wait between sweep attempts while Redis or Postgres fails, in ms. */
  maxBackoffMs: 5000,
} as const;
