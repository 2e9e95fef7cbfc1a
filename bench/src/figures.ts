import { median } from "./stats";

/** A target on a figure: on the ratio to its baseline, or on the value itself. */
export interface Target {
  on: "ratio" | "value";
  op: ">=" | "<=";
  threshold: number;
}

/** One run of a scenario: the figure and its baseline, measured back to back. */
export interface RunMeasurement {
  value: number;
  baseline: number;
  /** Anything else worth keeping from the run (counts, errors, CPU times). */
  details?: Record<string, unknown>;
}

export interface Figure {
  id: string;
  name: string;
  unit: string;
  /** Median of the runs' values. */
  value: number;
  /** What the value is divided by, and its median over the runs. */
  baselineName: string;
  baseline: number;
  /** Median of the per-run ratios (each run's value over the baseline of the same run). */
  ratio: number;
  /** Absent for informational figures. */
  target?: Target;
  /** Null for informational figures. */
  pass: boolean | null;
  runs: RunMeasurement[];
  /** How the figure was measured when it differs from the wording (scaling, etc.). */
  note?: string;
}

export interface FigureSpec {
  id: string;
  name: string;
  unit: string;
  baselineName: string;
  target?: Target;
  note?: string;
}

/** Folds a scenario's runs into a figure: medians, per-run ratios, and the target check. */
export function figureFrom(spec: FigureSpec, runs: RunMeasurement[]): Figure {
  const ratio = median(runs.map((r) => r.value / r.baseline));
  const value = median(runs.map((r) => r.value));
  const target = spec.target;
  const checked = target?.on === "ratio" ? ratio : value;
  const pass =
    target === undefined
      ? null
      : Number.isFinite(checked) &&
        (target.op === ">=" ? checked >= target.threshold : checked <= target.threshold);
  return { ...spec, value, baseline: median(runs.map((r) => r.baseline)), ratio, pass, runs };
}

/** The target as the table prints it, e.g. `ratio >= 0.9`. */
export function targetText(target: Target | undefined, unit: string): string {
  if (target === undefined) return "-";
  return target.on === "ratio"
    ? `ratio ${target.op} ${target.threshold}`
    : `${target.op} ${target.threshold} ${unit}`;
}
