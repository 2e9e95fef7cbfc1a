/** One metric family of a Prometheus text exposition: its name, type and sample names. */
export interface MetricFamily {
  readonly name: string;
  readonly type: string;
  /** Sample names seen (`x_bucket`, `x_count`, ... for a histogram). */
  readonly samples: Set<string>;
}

/** The families of a `/metrics` answer, by name, from its `# TYPE` lines and samples. */
export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const typed = /^# TYPE (\S+) (\S+)$/;
  for (const line of text.split("\n")) {
    const type = typed.exec(line);
    if (type?.[1] && type[2]) {
      families.set(type[1], { name: type[1], type: type[2], samples: new Set() });
      continue;
    }
    if (line === "" || line.startsWith("#")) continue;
    const sample = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] ?? "";
    const family = families.get(sample.replace(/_(bucket|count|sum)$/, "")) ?? families.get(sample);
    family?.samples.add(sample);
  }
  return families;
}

/**
 * Names a PromQL expression reads: every identifier that starts like one of ours
 * (`cert_`, `http_`, `nodejs_`, `process_`). Functions, labels and keywords never do.
 */
export function metricNamesIn(expr: string): string[] {
  return [...new Set(expr.match(/\b(?:cert|http|nodejs|process)_[a-z0-9_]+\b/g) ?? [])];
}
