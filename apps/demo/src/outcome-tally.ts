import { OUTCOMES, type Outcome } from "@cert/age-check";
import type { ExpectedOutcome } from "./expected-outcome";
import type { OutcomeEvent } from "./outcome-stream";
import { DEMO_PROVIDERS, type DemoProvider, verificationKey } from "./verification";

/** Why a verification did not reach its expected outcome exactly once. */
export type Discrepancy =
  | "wrong_outcome"
  | "wrong_age"
  | "wrong_unique_key"
  | "wrong_event_type"
  | "unreadable_payload"
  | "duplicate_event"
  | "missing";

/** Outcomes by kind of one provider's verifications. */
export interface ProviderTally {
  readonly expectedByOutcome: Readonly<Record<Outcome, number>>;
  readonly seenByOutcome: Readonly<Record<Outcome, number>>;
  /** Verifications sent through this provider. */
  readonly total: number;
  /** Those that saw their first event. */
  readonly completed: number;
}

export interface TallyReport {
  readonly expectedByOutcome: Readonly<Record<Outcome, number>>;
  readonly seenByOutcome: Readonly<Record<Outcome, number>>;
  /** The same per provider, for the providers the run sent verifications through. */
  readonly byProvider: Readonly<Partial<Record<DemoProvider, ProviderTally>>>;
  /** Verifications that saw their first event. */
  readonly completed: number;
  /** Verifications with more than one event. */
  readonly duplicates: number;
  /** Verifications whose (first) event disagrees with the expectation, and why. */
  readonly mismatches: number;
  readonly discrepancies: Readonly<Partial<Record<Discrepancy, number>>>;
  /** Events for verifications this run never sent (another producer on the same stream). */
  readonly foreignEvents: number;
  /** POST sent -> stream entry seen, per completed verification, in ms, ascending. */
  readonly latenciesMs: readonly number[];
  /** First POST sent to the last first-event seen, in ms. */
  readonly elapsedMs: number;
}

const EVENT_TYPE = "certification.age_checked";

/** A ProviderTally while it is being counted. */
interface Counts {
  expectedByOutcome: Record<Outcome, number>;
  seenByOutcome: Record<Outcome, number>;
  total: number;
  completed: number;
}

interface Entry {
  readonly provider: DemoProvider;
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
  // Checked while events carry it; a payload without the field (CI kept out of events) is fine.
  if ("unique_key" in payload && (payload.unique_key ?? null) !== expected.uniqueKey) {
    return "wrong_unique_key";
  }
  return undefined;
}

/** What the tally expects of one verification. */
export interface ExpectedVerification {
  readonly provider: DemoProvider;
  readonly id: string;
  readonly expected: ExpectedOutcome;
}

/**
 * What a run expects and what the outcome stream said, per verification: the source of the
 * progress bar and of the summary. Events are matched on the payload's provider and
 * verification_id.
 */
export class OutcomeTally {
  private readonly entries = new Map<string, Entry>();
  private firstSentAt: number | undefined;
  private lastSeenAt: number | undefined;
  private completedCount = 0;
  private foreign = 0;

  constructor(expected: Iterable<ExpectedVerification>) {
    for (const { provider, id, expected: outcome } of expected) {
      this.entries.set(verificationKey(provider, id), { provider, expected: outcome, events: 0 });
    }
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

  /** Records the moment the first POST of a verification went out. */
  markSent(provider: DemoProvider, id: string, at = performance.now()): void {
    const entry = this.entries.get(verificationKey(provider, id));
    if (!entry || entry.sentAt !== undefined) return;
    entry.sentAt = at;
    this.firstSentAt ??= at;
  }

  /** Records one stream entry. */
  record(event: OutcomeEvent, at = performance.now()): void {
    const provider = event.payload?.provider;
    const id = event.payload?.verification_id;
    const entry =
      provider === undefined || id === undefined
        ? undefined
        : this.entries.get(verificationKey(provider, id));
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

  /** Verifications still waiting for their event (`provider:id` keys stripped to the parts). */
  pending(): Array<{ provider: DemoProvider; id: string }> {
    return [...this.entries]
      .filter(([, e]) => e.events === 0)
      .map(([key, e]) => ({ provider: e.provider, id: key.slice(e.provider.length + 1) }));
  }

  report(): TallyReport {
    const expectedByOutcome = zeroCounts();
    const seenByOutcome = zeroCounts();
    const discrepancies: Partial<Record<Discrepancy, number>> = {};
    const note = (d: Discrepancy) => {
      discrepancies[d] = (discrepancies[d] ?? 0) + 1;
    };
    const byProvider: Partial<Record<DemoProvider, Counts>> = {};
    const latenciesMs: number[] = [];
    let duplicates = 0;
    let mismatches = 0;
    for (const entry of this.entries.values()) {
      const mine = byProvider[entry.provider] ?? {
        expectedByOutcome: zeroCounts(),
        seenByOutcome: zeroCounts(),
        total: 0,
        completed: 0,
      };
      byProvider[entry.provider] = mine;
      mine.total += 1;
      expectedByOutcome[entry.expected.outcome] += 1;
      mine.expectedByOutcome[entry.expected.outcome] += 1;
      if (entry.seenOutcome) {
        seenByOutcome[entry.seenOutcome] += 1;
        mine.seenByOutcome[entry.seenOutcome] += 1;
      }
      if (entry.events > 0) mine.completed += 1;
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
      byProvider: orderedByProvider(byProvider),
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

/** The providers in summary order (V1 first), whatever order their entries came in. */
function orderedByProvider(
  tallies: Partial<Record<DemoProvider, ProviderTally>>,
): Partial<Record<DemoProvider, ProviderTally>> {
  const ordered: Partial<Record<DemoProvider, ProviderTally>> = {};
  for (const provider of DEMO_PROVIDERS) {
    const tally = tallies[provider];
    if (tally) ordered[provider] = tally;
  }
  return ordered;
}
