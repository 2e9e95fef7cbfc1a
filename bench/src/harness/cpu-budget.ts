import { Redis } from "ioredis";
import pg from "pg";
import { cpuTimeMs } from "./process-stats";

/** CPU time used so far by each part of the system, ms (NaN where it cannot be read). */
export type CpuSnapshot = Record<string, number>;

async function redisPid(redisUrl: string): Promise<number> {
  const redis = new Redis(redisUrl);
  try {
    return Number(/^process_id:(\d+)/m.exec(await redis.info("server"))?.[1] ?? Number.NaN);
  } finally {
    redis.disconnect();
  }
}

/** Every Postgres process the server lists (backends and background workers). */
async function postgresPids(databaseUrl: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity");
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

/**
 * Reads the CPU time of the named Node processes, Redis, every Postgres process and the bench
 * driver itself, from /proc (so only for servers on this machine). The difference of two
 * snapshots divided by the jobs in between is a CPU budget per job: on a box with N cores,
 * N seconds of CPU per second is all there is, which bounds any throughput figure.
 */
export async function cpuSnapshot(
  processes: Record<string, number>,
  redisUrl: string,
  /** Omitted for baselines that do not use Postgres. */
  databaseUrl?: string,
): Promise<CpuSnapshot> {
  const snapshot: CpuSnapshot = {};
  for (const [name, pid] of Object.entries(processes)) snapshot[name] = cpuTimeMs(pid);
  snapshot.redis = cpuTimeMs(await redisPid(redisUrl));
  if (databaseUrl !== undefined) {
    // A backend may exit between the listing and the read: it then counts as 0.
    snapshot.postgres = (await postgresPids(databaseUrl))
      .map(cpuTimeMs)
      .reduce((sum, ms) => sum + (Number.isFinite(ms) ? ms : 0), 0);
  }
  const own = process.cpuUsage();
  snapshot["bench driver"] = (own.user + own.system) / 1000;
  return snapshot;
}

/** Sum of a snapshot's parts. */
export function totalOf(snapshot: CpuSnapshot): number {
  return Object.values(snapshot).reduce((sum, ms) => sum + (Number.isFinite(ms) ? ms : 0), 0);
}

/** Per-job CPU of each part between two snapshots, ms. */
export function cpuPerJob(before: CpuSnapshot, after: CpuSnapshot, jobs: number): CpuSnapshot {
  const perJob: CpuSnapshot = {};
  for (const name of Object.keys(after))
    perJob[name] = ((after[name] ?? 0) - (before[name] ?? 0)) / jobs;
  return perJob;
}
