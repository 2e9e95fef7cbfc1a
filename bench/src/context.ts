import { randomBytes } from "node:crypto";
import type { Figure } from "./figures";
import type { Deployment, Launcher } from "./harness/launcher";
import { removeKeys } from "./harness/redis-keys";
import type { BenchServices } from "./harness/services";
import type { BenchSettings } from "./settings";

/** What every scenario gets from the driver. */
export interface ScenarioContext {
  readonly settings: BenchSettings;
  readonly services: BenchServices;
  readonly launcher: Launcher;
  readonly sandboxUrl: string;
  /** The sandbox process, for CPU accounting. */
  readonly sandboxPid: number;
  /** Where `--profile` writes `.cpuprofile` files; undefined when not profiling. */
  readonly profileDir: string | undefined;
  /** Facts a scenario leaves for later ones (the latency scenario runs at half the pipeline's rate). */
  readonly shared: { pipelineRate?: number };
  /** One progress line on stderr. */
  progress(message: string): void;
  /**
   * A fresh queue prefix and stream (their Redis keys go when the scenario ends) and a fresh
   * migrated database, unless `withDatabase` is false (baselines that never touch Postgres) or
   * `databaseUrl` names one to reuse.
   */
  deployment(label: string, options?: DeploymentOptions): Promise<Deployment>;
}

export interface DeploymentOptions {
  /** Default true. */
  withDatabase?: boolean;
  /** Reuse this database instead of creating one. */
  databaseUrl?: string;
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  run(ctx: ScenarioContext): Promise<Figure[]>;
}

/** Builds deployments for one scenario and removes their Redis keys afterwards. */
export class DeploymentPool {
  private readonly made: Deployment[] = [];

  constructor(
    private readonly services: BenchServices,
    private readonly sandboxUrl: string,
  ) {}

  async create(label: string, options: DeploymentOptions = {}): Promise<Deployment> {
    const tag = `${label}-${randomBytes(3).toString("hex")}`;
    const databaseUrl =
      options.databaseUrl ??
      (options.withDatabase === false
        ? this.services.serverDatabaseUrl
        : await this.services.createDatabase(label));
    const deployment: Deployment = {
      databaseUrl,
      redisUrl: this.services.redisUrl,
      sandboxUrl: this.sandboxUrl,
      queuePrefix: `bench-${tag}`,
      outcomeStream: `bench-outcomes-${tag}`,
    };
    this.made.push(deployment);
    return deployment;
  }

  async removeAll(): Promise<void> {
    for (const d of this.made.splice(0)) {
      await removeKeys(d.redisUrl, d.queuePrefix, [d.outcomeStream]).catch(() => {});
    }
  }
}
