import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/**
 * Node's `--cpu-prof` sampling interval (µs) when `--cpu-prof-interval` is not given. Each
 * sample counts as one interval of CPU. The profile's own time deltas are not used: they
 * include time the process sat descheduled, and on a busy 2-core box a socket write that wakes
 * Postgres or Redis often hands the CPU over, which would charge that wait to `writev`.
 */
const SAMPLE_INTERVAL_US = 1000;

export interface CostLine {
  name: string;
  ms: number;
  /** Share of the process's busy (non-idle) time, %. */
  share: number;
}

export interface ProfileSummary {
  /** Samples times the sampling interval, ms (idle included). */
  totalMs: number;
  idleMs: number;
  /** Non-idle samples times the interval: an estimate of CPU time, ms. */
  busyMs: number;
  jobs: number;
  busyMsPerJob: number;
  /** Self time by where the code comes from (npm package, workspace package, Node core, GC). */
  selfByOrigin: CostLine[];
  /**
   * Self time charged to the nearest package on the stack: Node core and native frames (socket
   * writes, JSON, crypto) count for the package that called them. The "who made it cost" view.
   */
  selfByCallingPackage: CostLine[];
  /** Time with the origin anywhere on the stack (a sample counts once per origin). */
  inclusiveByOrigin: CostLine[];
  /** The functions with the most self time. */
  topFunctions: CostLine[];
}

/**
 * Maps app bundle positions back to workspace sources, so `@cert/*` code shows per package.
 * Files under node_modules are named by their package already, whatever their own maps say.
 */
class SourceResolver {
  private readonly maps = new Map<string, TraceMap | null>();

  source(url: string, line: number, column: number): string | undefined {
    if (!url.startsWith("file://") || url.includes("/node_modules/")) return undefined;
    let map = this.maps.get(url);
    if (map === undefined) {
      const file = `${fileURLToPath(url)}.map`;
      map = existsSync(file) ? new TraceMap(readFileSync(file, "utf8"), url) : null;
      this.maps.set(url, map);
    }
    if (map === null) return undefined;
    return originalPositionFor(map, { line: line + 1, column }).source ?? undefined;
  }
}

/** Where a frame's code comes from: an npm package, a workspace package, Node core, or V8. */
function originOf(node: ProfileNode, resolver: SourceResolver): string {
  const { url, functionName, lineNumber, columnNumber } = node.callFrame;
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node core";
  const path = resolver.source(url, lineNumber, columnNumber) ?? url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  if (pkg) return pkg;
  const workspace = /(?:^|\/)(packages|apps)\/([^/]+)\//.exec(path);
  if (workspace) return workspace[1] === "apps" ? `apps/${workspace[2]}` : `@cert/${workspace[2]}`;
  return path;
}

/** Origins that do work on someone else's behalf. */
const RUNTIME_ORIGINS = new Set(["node core", "(native)", "(program)", "(root)"]);

function lines(totals: Map<string, number>, busyMs: number, limit: number): CostLine[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => ({ name, ms: us / 1000, share: (us / 1000 / busyMs) * 100 }));
}

/** Reads a `.cpuprofile` and says where the busy time went, per job of the run. */
export function summarizeCpuProfile(file: string, jobs: number): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const resolver = new SourceResolver();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const origin = new Map(profile.nodes.map((n) => [n.id, originOf(n, resolver)]));

  const self = new Map<string, number>();
  const calling = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const functions = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const id of profile.samples) {
    const us = SAMPLE_INTERVAL_US;
    const node = byId.get(id);
    if (node === undefined) continue;
    totalUs += us;
    if (node.callFrame.functionName === "(idle)") {
      idleUs += us;
      continue;
    }
    const leaf = origin.get(id) ?? "?";
    self.set(leaf, (self.get(leaf) ?? 0) + us);
    const fn = `${node.callFrame.functionName || "(anonymous)"} [${leaf}]`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
    const seen = new Set<string>();
    let caller: string | undefined;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const o = origin.get(at) ?? "?";
      if (caller === undefined && !RUNTIME_ORIGINS.has(o)) caller = o;
      if (seen.has(o)) continue;
      seen.add(o);
      inclusive.set(o, (inclusive.get(o) ?? 0) + us);
    }
    const charged = caller ?? leaf;
    calling.set(charged, (calling.get(charged) ?? 0) + us);
  }
  const busyMs = (totalUs - idleUs) / 1000;
  return {
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    busyMs,
    jobs,
    busyMsPerJob: busyMs / jobs,
    selfByOrigin: lines(self, busyMs, 20),
    selfByCallingPackage: lines(calling, busyMs, 20),
    inclusiveByOrigin: lines(inclusive, busyMs, 20),
    topFunctions: lines(functions, busyMs, 30),
  };
}

export function renderProfileSummary(s: ProfileSummary): string {
  const table = (title: string, rows: CostLine[]) =>
    [
      title,
      ...rows.map(
        (r) =>
          `  ${r.share.toFixed(1).padStart(5)} %  ${(r.ms / s.jobs).toFixed(3).padStart(7)} ms/job  ${r.name}`,
      ),
    ].join("\n");
  return [
    `busy ${s.busyMs.toFixed(0)} ms of ${s.totalMs.toFixed(0)} ms sampled, ${s.jobs} jobs: ${s.busyMsPerJob.toFixed(3)} ms CPU per job`,
    table("self time by origin:", s.selfByOrigin),
    table("self time charged to the nearest package on the stack:", s.selfByCallingPackage),
    table("inclusive time by origin (on the stack):", s.inclusiveByOrigin),
    table("top functions by self time:", s.topFunctions),
  ].join("\n\n");
}
