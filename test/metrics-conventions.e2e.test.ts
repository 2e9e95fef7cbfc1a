import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type RunningSandbox, sandboxImpUid } from "@cert/iamport-sandbox";
import {
  freePort,
  getTestServices,
  repoRoot,
  startTestSandbox,
  useTestDatabase,
  waitUntil,
} from "@cert/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type PipelineSystem, startPipeline } from "./support/pipeline-system";
import { type MetricFamily, metricNamesIn, parsePrometheusText } from "./support/prometheus-text";

const database = useTestDatabase();
let sandbox: RunningSandbox;
let system: PipelineSystem | undefined;
/** Every metric family the API and the worker expose, after one verification went through. */
let families: Map<string, MetricFamily>;
let apiFamilies: Map<string, MetricFamily>;
let workerFamilies: Map<string, MetricFamily>;

/**
 * prom-client's default Node.js metrics that are gauges named `_total` (handles, requests and
 * resources currently active). They are the library's, kept for every Node dashboard in use.
 */
const NODE_DEFAULT_TOTAL_GAUGES = new Set([
  "nodejs_active_handles_total",
  "nodejs_active_requests_total",
  "nodejs_active_resources_total",
]);

const API_METRICS = [
  "http_requests_total",
  "http_request_duration_seconds",
  "cert_queue_jobs",
  "cert_queue_counts_up",
  "cert_intake_accepted_total",
  "cert_intake_duplicates_total",
  "cert_intake_rejected_total",
  "cert_user_erasures_total",
];
const WORKER_METRICS = [
  "cert_worker_jobs_completed_total",
  "cert_worker_jobs_failed_total",
  "cert_worker_job_duration_seconds",
  "cert_worker_retry_decisions_total",
  "cert_provider_calls_total",
  "cert_provider_call_duration_seconds",
  "cert_provider_breaker_state",
  "cert_outbox_lag_seconds",
  "cert_user_erasures_total",
];

async function scrape(port: number): Promise<Map<string, MetricFamily>> {
  const answer = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(answer.status).toBe(200);
  return parsePrometheusText(await answer.text());
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  const [apiMetricsPort, workerMetricsPort] = [await freePort(), await freePort()];
  system = await startPipeline({
    databaseUrl: database.url,
    redisUrl: getTestServices().redisUrl,
    sandboxUrl: sandbox.url,
    workers: 1,
    label: "metrics",
    apiEnv: { METRICS_PORT: String(apiMetricsPort) },
    workerEnv: { WORKER_METRICS_PORT: String(workerMetricsPort) },
  });
  const impUid = sandboxImpUid("full", 3, 777);
  const accepted = await fetch(`${system.apiUrl}/certifications`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ imp_uid: impUid }),
  });
  expect(accepted.status).toBe(202);
  await waitUntil(
    "the worker completed the job",
    async () =>
      (await scrape(workerMetricsPort))
        .get("cert_worker_jobs_completed_total")
        ?.samples.has("cert_worker_jobs_completed_total") ?? false,
    60_000,
  );
  apiFamilies = await scrape(apiMetricsPort);
  workerFamilies = await scrape(workerMetricsPort);
  families = new Map([...apiFamilies, ...workerFamilies]);
}, 180_000);

afterAll(async () => {
  await system?.stop();
  await sandbox?.close();
});

describe("/metrics of the API and the worker", () => {
  it("runs without tracing when no OTLP endpoint is set", () => {
    for (const app of [system?.api, ...(system?.workers ?? [])]) {
      if (!app) throw new Error("the system did not start");
      const ready = app.lines.find((line) => line.includes('"msg":"ready"')) ?? "";
      expect(JSON.parse(ready)).toMatchObject({ tracing: false });
    }
  });

  it("lists the documented metrics", () => {
    for (const name of API_METRICS) expect(apiFamilies.has(name), `api: ${name}`).toBe(true);
    for (const name of WORKER_METRICS)
      expect(workerFamilies.has(name), `worker: ${name}`).toBe(true);
    expect(families.get("cert_provider_call_duration_seconds")?.samples).toContain(
      "cert_provider_call_duration_seconds_bucket",
    );
  });

  it("follows Prometheus naming: _total on counters only, base units, histograms in seconds", () => {
    expect(families.size).toBeGreaterThan(30);
    for (const { name, type } of families.values()) {
      expect(name, "valid metric name").toMatch(/^[a-z_:][a-z0-9_:]*$/);
      expect(name, `${name}: no milliseconds`).not.toMatch(/_ms(_|$)|millis/);
      if (type === "counter") expect(name, `${name} is a counter`).toMatch(/_total$/);
      else if (!NODE_DEFAULT_TOTAL_GAUGES.has(name)) {
        expect(name, `${name} is a ${type}`).not.toMatch(/_total$/);
      }
      if (type === "histogram") expect(name, `${name} histogram unit`).toMatch(/_(seconds|bytes)$/);
    }
  });
});

describe("deploy/", () => {
  const root = repoRoot();
  const known = () => {
    const names = new Set<string>();
    for (const family of families.values()) {
      names.add(family.name);
      if (family.type === "histogram") {
        for (const suffix of ["_bucket", "_count", "_sum"]) names.add(`${family.name}${suffix}`);
      }
    }
    return names;
  };

  it("alerts.yml: every rule reads existing metrics and has a runbook line in the README", () => {
    const rules = (
      parse(readFileSync(join(root, "deploy", "alerts.yml"), "utf8")) as {
        groups: { rules: { alert: string; expr: string }[] }[];
      }
    ).groups.flatMap((group) => group.rules);
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const alertNames = rules.map((rule) => rule.alert);
    expect(alertNames).toEqual(
      expect.arrayContaining([
        "CertOutboxLagHigh",
        "CertFailedJobsRising",
        "CertProviderBreakerOpen",
        "CertProviderRateLimited",
        "CertNoCompletionsWhileJobsWait",
      ]),
    );
    const names = known();
    for (const rule of rules) {
      const used = metricNamesIn(rule.expr);
      expect(used.length, `${rule.alert} reads a metric`).toBeGreaterThan(0);
      for (const metric of used) expect(names.has(metric), `${rule.alert}: ${metric}`).toBe(true);
      expect(readme, `${rule.alert} runbook`).toMatch(
        new RegExp(`^- \`${rule.alert}\`: \\S.+$`, "m"),
      );
    }
  });

  it("grafana-dashboard.json: a dashboard whose every panel query reads existing metrics", () => {
    const dashboard = JSON.parse(
      readFileSync(join(root, "deploy", "grafana-dashboard.json"), "utf8"),
    ) as { title: string; uid: string; panels: { title: string; targets: { expr: string }[] }[] };
    expect(dashboard.title).toBeTruthy();
    expect(dashboard.panels.length).toBeGreaterThan(5);
    const names = known();
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const { expr } of panel.targets) {
        const used = metricNamesIn(expr);
        expect(used.length, `${panel.title} reads a metric`).toBeGreaterThan(0);
        for (const metric of used)
          expect(names.has(metric), `${panel.title}: ${metric}`).toBe(true);
      }
    }
  });
});
