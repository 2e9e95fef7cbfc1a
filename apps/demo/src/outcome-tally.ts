import { OUTCOMES, type Outcome } from "@cert/age-check";
import type { ExpectedOutcome } from "./expected-outcome";
import type { OutcomeEvent } from "./outcome-stream";

/** Why an imp_uid did not reach its expected outcome exactly once. */
export type Discrepancy =
  | "wrong_outcome"
  | "wrong_age"
  | "wrong_unique_key"
  | "wrong_event_type"
  | "unreadable_payload"
  | "duplicate_event"
  | "missing";

export interface TallyReport {
  readonly expectedByOutcome: Readonly<Record<Outcome, number>>;
  readonly seenByOutcome: Readonly<Record<Outcome, number>>;
  /** imp_uids that saw their first event. */
  readonly completed: number;
  /** imp_uids with more than one event. */
  readonly duplicates: number;
  /** imp_uids whose (first) event disagrees with the expectation, and why. */
  readonly mismatches: number;
  readonly discrepancies: Readonly<Partial<Record<Discrepancy, number>>>;
  /** Events for imp_uids this run never sent (another producer on the same stream). */
  readonly foreignEvents: number;
  /** POST sent -> stream entry seen, per completed imp_uid, in ms, ascending. */
  readonly latenciesMs: readonly number[];
  /** First POST sent to the last first-event seen, in ms. */
  readonly elapsedMs: number;
}

const EVENT_TYPE = "certification.age_checked";

interface Entry {
  readonly expected: ExpectedOutcome;
  sentAt?: number;
  seenAt?: number;
  events: number;
  problem?: Discrepancy;
  seenOutcome?: Outcome;
}

const zeroCounts = (): Record<Outcome, number> =>
  Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;

function problemOf(event: OutcomeEvent, expected: ExpectedOutcome): Discrepancy | undefined {
  const payload = event.payload;
  if (payload === null) return "unreadable_payload";
  if (event.type !== EVENT_TYPE) return "wrong_event_type";
  if (payload.outcome !== expected.outcome) return "wrong_outcome";
  if ((payload.age ?? null) !== expected.age) return "wrong_age";
  if ((payload.unique_key ?? null) !== expected.uniqueKey) return "wrong_unique_key";
  return undefined;
}

/**
 * What a run expects and what the outcome stream said, per imp_uid: the source of the progress
 * bar and of the summary. Events are matched on the payload's imp_uid.
 */
export class OutcomeTally {
  private readonly entries = new Map<string, Entry>();
  private firstSentAt: number | undefined;
  private lastSeenAt: number | undefined;
  private completedCount = 0;
  private foreign = 0;

  constructor(expected: ReadonlyMap<string, ExpectedOutcome>) {
    for (const [impUid, outcome] of expected)
      this.entries.set(impUid, { expected: outcome, events: 0 });
  }

  get total(): number {
    return this.entries.size;
  }

  get completed(): number {
    return this.completedCount;
  }

  get done(): boolean {
    return this.completedCount === this.entries.size;
  }

  /** Records the moment the first POST of `impUid` went out. */
  markSent(impUid: string, at = performance.now()): void {
    const entry = this.entries.get(impUid);
    if (!entry || entry.sentAt !== undefined) return;
    entry.sentAt = at;
    this.firstSentAt ??= at;
  }

  /** Records one stream entry. */
  record(event: OutcomeEvent, at = performance.now()): void {
    const impUid = event.payload?.imp_uid;
    const entry = impUid === undefined ? undefined : this.entries.get(impUid);
    if (!entry) {
      this.foreign += 1;
      return;
    }
    entry.events += 1;
    if (entry.events > 1) return;
    entry.seenAt = at;
    entry.problem = problemOf(event, entry.expected);
    const outcome = event.payload?.outcome;
    if (outcome !== undefined && (OUTCOMES as readonly string[]).includes(outcome)) {
      entry.seenOutcome = outcome as Outcome;
    }
    this.completedCount += 1;
    this.lastSeenAt = at;
  }

  /** imp_uids still waiting for their event. */
  pending(): string[] {
    return [...this.entries].filter(([, e]) => e.events === 0).map(([impUid]) => impUid);
  }

  report(): TallyReport {
    const expectedByOutcome = zeroCounts();
    const seenByOutcome = zeroCounts();
    const discrepancies: Partial<Record<Discrepancy, number>> = {};
    const note = (d: Discrepancy) => {
      discrepancies[d] = (discrepancies[d] ?? 0) + 1;
    };
    const latenciesMs: number[] = [];
    let duplicates = 0;
    let mismatches = 0;
    for (const entry of this.entries.values()) {
      expectedByOutcome[entry.expected.outcome] += 1;
      if (entry.seenOutcome) seenByOutcome[entry.seenOutcome] += 1;
      if (entry.events === 0) note("missing");
      if (entry.events > 1) {
        duplicates += 1;
        note("duplicate_event");
      }
      if (entry.problem) {
        mismatches += 1;
        note(entry.problem);
      }
      if (entry.sentAt !== undefined && entry.seenAt !== undefined) {
        latenciesMs.push(entry.seenAt - entry.sentAt);
      }
    }
    latenciesMs.sort((a, b) => a - b);
    const elapsedMs =
      this.firstSentAt !== undefined && this.lastSeenAt !== undefined
        ? this.lastSeenAt - this.firstSentAt
        : 0;
    return {
      expectedByOutcome,
      seenByOutcome,
      completed: this.completedCount,
      duplicates,
      mismatches,
      discrepancies,
      foreignEvents: this.foreign,
      latenciesMs,
      elapsedMs,
    };
  }
}

/** Nearest-rank percentile of ascending `sorted` values; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}
