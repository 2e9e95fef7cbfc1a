import { type Figure, targetText } from "../figures";

function format(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(abs >= 1 ? 2 : 3);
}

/** The results as a plain-text table: figure, value, baseline, ratio, target, pass. */
export function renderTable(figures: readonly Figure[]): string {
  const header = ["figure", "value", "baseline", "ratio", "target", "pass"];
  const rows = figures.map((f) => [
    f.name,
    `${format(f.value)} ${f.unit}`,
    `${format(f.baseline)} (${f.baselineName})`,
    format(f.ratio),
    targetText(f.target, f.unit),
    f.pass === null ? "-" : f.pass ? "PASS" : "FAIL",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
