/** Order statistics used by every scenario: medians of runs, percentiles of latencies. */

const ascending = (a: number, b: number) => a - b;

/** Nearest-rank percentile of an already sorted array; NaN when it is empty. */
function atRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** The median; the mean of the two middle values for an even count. NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort(ascending);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * The `p`-th percentile (0-100) by the nearest-rank method, the one latency tools report:
 * the smallest value with at least p % of the values at or below it. NaN for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  return atRank([...values].sort(ascending), p);
}

/** p50, p90, p99 and max of a latency sample, in the sample's unit. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarizeLatencies(values: readonly number[]): LatencySummary {
  const s = [...values].sort(ascending);
  return {
    count: s.length,
    p50: atRank(s, 50),
    p90: atRank(s, 90),
    p99: atRank(s, 99),
    max: s.at(-1) ?? Number.NaN,
  };
}
