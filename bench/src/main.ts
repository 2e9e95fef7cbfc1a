import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { repoRoot } from "@cert/testing/local";
import { parseCliOptions } from "./cli-options";
import { DeploymentPool, type Scenario, type ScenarioContext } from "./context";
import type { Figure } from "./figures";
import { Launcher } from "./harness/launcher";
import { stopAllProcesses } from "./harness/node-process";
import { resolveBenchServices } from "./harness/services";
import { summarizeBusiestProfile } from "./profile/busiest-profile";
import { renderProfileSummary } from "./profile/summarize-cpu-profile";
import { loadAverage, machineInfo } from "./report/machine";
import { renderTable } from "./report/table";
import { writeResults } from "./report/write-results";
import { SCENARIOS } from "./scenarios";
import { pipelineScenario } from "./scenarios/pipeline";
import { benchSettings } from "./settings";

const options = parseCliOptions(process.argv.slice(2));
const settings = benchSettings(options.quick);
if (options.runs !== undefined) settings.runs = options.runs;
const started = performance.now();
const startedAt = new Date();
const loadAtStart = loadAverage();
const progress = (message: string) =>
  process.stderr.write(
    `[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`,
  );

const resultsDir = join(repoRoot(), "bench", "results");
const logDir = mkdtempSync(join(tmpdir(), "cert-bench-logs-"));
const profileDir = options.profile
  ? join(resultsDir, "profiles", startedAt.toISOString().replace(/[:.]/g, "-"))
  : undefined;
if (profileDir) mkdirSync(profileDir, { recursive: true });

let selected: readonly Scenario[] = options.profile ? [pipelineScenario] : SCENARIOS;
if (options.only) {
  const unknown = options.only.filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(", ")}`);
  selected = SCENARIOS.filter((s) => options.only?.includes(s.id));
}

progress(
  `mode ${settings.mode}, ${settings.runs} runs per scenario${options.fromSource ? ", apps from source (tsx)" : ""}, load average ${loadAtStart.toFixed(1)}, logs in ${logDir}`,
);
const services = await resolveBenchServices();
progress(`postgres: ${services.sources.postgres}; redis: ${services.sources.redis}`);
const cleanup = async () => {
  await stopAllProcesses();
  await services.stop();
};
process.once("SIGINT", () => {
  void cleanup().finally(() => process.exit(130));
});
// A bug anywhere must not leave the API, workers, Postgres or Redis running behind the bench.
const fatal = (err: unknown) => {
  console.error("bench failed:", err);
  void cleanup().finally(() => process.exit(1));
};
process.once("uncaughtException", fatal);
process.once("unhandledRejection", fatal);

const figures: Figure[] = [];
const errors: Array<{ scenario: string; message: string }> = [];
try {
  const launcher = new Launcher(
    logDir,
    settings.logLevel,
    settings.rateLimitPerMinute,
    options.fromSource,
  );
  const sandbox = await launcher.startSandbox();
  const shared: ScenarioContext["shared"] = {};
  for (const scenario of selected) {
    const deployments = new DeploymentPool(services, sandbox.url);
    const ctx: ScenarioContext = {
      settings,
      services,
      launcher,
      sandboxUrl: sandbox.url,
      sandboxPid: sandbox.process.pid,
      profileDir,
      shared,
      progress,
      deployment: (label, opts) => deployments.create(label, opts),
    };
    progress(`scenario: ${scenario.title}`);
    try {
      figures.push(...(await scenario.run(ctx)));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      errors.push({ scenario: scenario.id, message });
      progress(`scenario ${scenario.id} failed: ${message}`);
    } finally {
      await stopAllProcesses([sandbox.process]);
      await deployments.removeAll();
    }
  }
  await sandbox.process.stop();
} finally {
  await cleanup();
}

const durationSeconds = (performance.now() - started) / 1000;
const machine = machineInfo(loadAtStart);
if (Math.max(machine.loadAverage.atStart, machine.loadAverage.atEnd) > machine.cores) {
  console.log(
    `\nwarning: load average ${machine.loadAverage.atStart.toFixed(1)} at start, ${machine.loadAverage.atEnd.toFixed(1)} at end, on ${machine.cores} cores: something else was running, figures are noisier than usual`,
  );
}
console.log(`\n${renderTable(figures)}\n`);
for (const f of figures.filter((f) => f.note)) console.log(`note, ${f.name}: ${f.note}`);
const failing = figures.filter((f) => f.pass === false);
console.log(
  `\n${figures.length} figures, ${failing.length} below target, ${errors.length} scenario errors, ${durationSeconds.toFixed(0)} s`,
);

if (profileDir) {
  const jobs = settings.pipeline.warmupJobs + settings.runs * settings.pipeline.jobs;
  for (const name of ["worker", "api"]) {
    const profile = summarizeBusiestProfile(join(profileDir, name), jobs);
    if (profile) {
      console.log(
        `\n== ${name} ==\n${renderProfileSummary(profile.summary)}\n\nprofile: ${profile.file}`,
      );
    } else {
      errors.push({
        scenario: "profile",
        message: `the ${name} wrote no .cpuprofile (killed, not exited?)`,
      });
    }
  }
} else {
  const file = writeResults(resultsDir, {
    startedAt: startedAt.toISOString(),
    durationSeconds,
    machine,
    services: services.sources,
    appsFrom: options.fromSource ? "source (tsx)" : "dist",
    settings,
    figures,
    errors,
  });
  console.log(`results written to ${file}`);
}
if (errors.length === 0) rmSync(logDir, { recursive: true, force: true });
else
  console.error(
    `errors:\n${errors.map((e) => `  ${e.scenario}: ${e.message}`).join("\n")}\nlogs kept in ${logDir}`,
  );
process.exit(errors.length === 0 ? 0 : 1);
