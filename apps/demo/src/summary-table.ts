import { OUTCOMES } from "@cert/age-check";
import { percentile, type TallyReport } from "./outcome-tally";
import { type DemoProvider, PROVIDER_LABEL } from "./verification";

/** Provider traffic as the sandbox counted it; null when the provider is not our sandbox. */
export interface ProviderCalls {
  /** V1 `GET /certifications/:imp_uid`. */
  readonly certificationFetches: number;
  /** V1 `POST /users/getToken`. */
  readonly tokenFetches: number;
  /** V2 `GET /identity-verifications/:id`. */
  readonly identityVerificationFetches: number;
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

/** True when every verification, of every provider, reached its expected outcome exactly once. */
export function allExpected(report: TallyReport, total: number): boolean {
  return report.completed === total && report.mismatches === 0 && report.duplicates === 0;
}

/**
 * Outcomes by kind, expected and seen, one pair of columns per provider of the run, then the
 * totals: `passed   250   250   251   251   501   501`.
 */
function outcomeTable(report: TallyReport, total: number): string {
  const providers = Object.keys(report.byProvider) as DemoProvider[];
  const header = ["outcome"];
  for (const p of providers)
    header.push(`${PROVIDER_LABEL[p]} expected`, `${PROVIDER_LABEL[p]} seen`);
  header.push("expected", "seen");
  const cells = (
    expected: (p: DemoProvider) => number,
    seen: (p: DemoProvider) => number,
    all: [number, number],
  ) => [...providers.flatMap((p) => [String(expected(p)), String(seen(p))]), ...all.map(String)];
  const byKind = OUTCOMES.map((o) => [
    o,
    ...cells(
      (p) => report.byProvider[p]?.expectedByOutcome[o] ?? 0,
      (p) => report.byProvider[p]?.seenByOutcome[o] ?? 0,
      [report.expectedByOutcome[o], report.seenByOutcome[o]],
    ),
  ]);
  const totals = [
    "total",
    ...cells(
      (p) => report.byProvider[p]?.total ?? 0,
      (p) => report.byProvider[p]?.completed ?? 0,
      [total, report.completed],
    ),
  ];
  return table([header, ...byKind, totals], true);
}

/** `V1 500, V2 500`. */
function perProvider(report: TallyReport): string {
  return Object.entries(report.byProvider)
    .map(([p, tally]) => `${PROVIDER_LABEL[p as DemoProvider]} ${tally.total}`)
    .join(", ");
}

/** The provider-call lines: what the sandbox served, per provider of the run. */
function providerCallRows(input: SummaryInput): string[][] {
  const calls = input.provider;
  const providers = Object.keys(input.report.byProvider) as DemoProvider[];
  const rows: string[][] = [];
  if (providers.includes("iamport")) {
    rows.push(
      [
        "V1 provider calls",
        calls ? String(calls.certificationFetches) : "n/a (not the demo's sandbox)",
      ],
      ["V1 token fetches", calls ? String(calls.tokenFetches) : "n/a"],
    );
  }
  if (providers.includes("portone")) {
    rows.push([
      "V2 provider calls",
      calls ? String(calls.identityVerificationFetches) : "n/a (not the demo's sandbox)",
    ]);
  }
  return rows;
}

/** The end-of-run summary, as printed. */
export function renderSummary(input: SummaryInput): string {
  const { report } = input;
  const outcomes = outcomeTable(report, input.total);
  const seconds = report.elapsedMs / 1000;
  const rate = seconds > 0 ? (report.completed / seconds).toFixed(1) : "n/a";
  const problems = Object.entries(report.discrepancies)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(", ");
  const figures = table(
    [
      [
        "verifications",
        `${input.total} (${perProvider(report)}; +${plural(input.duplicatePosts, "duplicate POST")})`,
      ],
      ["jobs/s", `${rate} (${seconds.toFixed(1)} s from first POST to last outcome)`],
      ["latency p50", ms(percentile(report.latenciesMs, 50))],
      ["latency p99", ms(percentile(report.latenciesMs, 99))],
      ...providerCallRows(input),
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
