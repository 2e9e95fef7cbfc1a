import { OUTCOMES } from "@cert/age-check";
import { percentile, type TallyReport } from "./outcome-tally";

/** Provider traffic as the sandbox counted it; null when the provider is not our sandbox. */
export interface ProviderCalls {
  readonly certificationFetches: number;
  readonly tokenFetches: number;
}

export interface SummaryInput {
  readonly report: TallyReport;
  readonly total: number;
  readonly duplicatePosts: number;
  readonly provider: ProviderCalls | null;
  readonly dashboardUrl: string;
  readonly adminToken: string;
}

/**
 * Rows padded into columns: the first column left-aligned, the others right-aligned when
 * `numeric` (counts line up) and left-aligned otherwise.
 */
function table(rows: readonly (readonly string[])[], numeric: boolean): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  const pad = (cell: string, i: number) => {
    const width = widths[i] ?? 0;
    return i > 0 && numeric ? cell.padStart(width) : cell.padEnd(width);
  };
  return rows.map((row) => row.map(pad).join("   ").trimEnd()).join("\n");
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
const ms = (value: number) => (Number.isNaN(value) ? "n/a" : `${value.toFixed(1)} ms`);

/** True when every imp_uid reached its expected outcome exactly once. */
export function allExpected(report: TallyReport, total: number): boolean {
  return report.completed === total && report.mismatches === 0 && report.duplicates === 0;
}

/** The end-of-run summary, as printed. */
export function renderSummary(input: SummaryInput): string {
  const { report } = input;
  const outcomes = table(
    [
      ["outcome", "expected", "seen"],
      ...OUTCOMES.map((o) => [
        o,
        String(report.expectedByOutcome[o]),
        String(report.seenByOutcome[o]),
      ]),
      ["total", String(input.total), String(report.completed)],
    ],
    true,
  );
  const seconds = report.elapsedMs / 1000;
  const rate = seconds > 0 ? (report.completed / seconds).toFixed(1) : "n/a";
  const problems = Object.entries(report.discrepancies)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(", ");
  const figures = table(
    [
      ["verifications", `${input.total} (+${plural(input.duplicatePosts, "duplicate POST")})`],
      ["jobs/s", `${rate} (${seconds.toFixed(1)} s from first POST to last outcome)`],
      ["latency p50", ms(percentile(report.latenciesMs, 50))],
      ["latency p99", ms(percentile(report.latenciesMs, 99))],
      [
        "provider calls",
        input.provider
          ? String(input.provider.certificationFetches)
          : "n/a (not the demo's sandbox)",
      ],
      ["token fetches", input.provider ? String(input.provider.tokenFetches) : "n/a"],
      ["mismatches", String(report.mismatches)],
      ["duplicate events", String(report.duplicates)],
      ["missing", String(input.total - report.completed)],
    ],
    false,
  );
  const verdict = allExpected(report, input.total)
    ? "OK: every verification reached its expected outcome exactly once."
    : `NOT OK: ${problems || "incomplete"}.`;
  return [
    "",
    outcomes,
    "",
    figures,
    "",
    verdict,
    "",
    `dashboard: ${input.dashboardUrl}`,
    `admin token: ${input.adminToken}`,
    "",
  ].join("\n");
}
