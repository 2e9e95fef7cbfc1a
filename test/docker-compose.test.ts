import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Env,
  loadApiConfig,
  loadMigrateConfig,
  loadSandboxConfig,
  loadWorkerConfig,
  variables,
} from "@cert/config";
import { generateKeys } from "@cert/pii";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// No Docker engine runs here, so the compose file is checked by reading it: every command runs
// a bundle the image holds, every variable is one the processes read, and each app service's
// environment passes the same validation the process runs at start.

const root = join(import.meta.dirname, "..");

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  ports?: string[];
}

const compose = parse(readFileSync(join(root, "docker-compose.yml"), "utf8"), { merge: true }) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const services = compose.services;

/** `${NAME:-default}`, `${NAME-default}` and `${NAME}` as compose resolves them with nothing set. */
/** What an operator must set in the shell or `.env` (`${NAME:?message}` in the file). */
const OPERATOR_SET: Record<string, string> = { ...generateKeys() };

function interpolate(value: string): string {
  return value.replace(
    /\$\{([A-Z0-9_]+)(?::?-([^}]*)|:\?([^}]*))?\}/g,
    (_m, name: string, fallback?: string, required?: string) => {
      if (required !== undefined) {
        const set = OPERATOR_SET[name];
        if (set === undefined) throw new Error(`the test does not set required ${name}`);
        return set;
      }
      return fallback ?? "";
    },
  );
}

function environmentOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((line) => {
        const [name = "", ...rest] = line.split("=");
        return [name, rest.join("=")] as const;
      })
    : Object.entries(env).map(
        ([name, value]) => [name, value === null ? "" : String(value)] as const,
      );
  return Object.fromEntries(entries.map(([name, value]) => [name, interpolate(value)]));
}

/** The bundle a service runs, for services whose command is `node [flags] <file>.js`. */
function bundleOf(service: Service): string | undefined {
  const command = Array.isArray(service.command) ? service.command : service.command?.split(/\s+/);
  if (command?.[0] !== "node") return undefined;
  return command.slice(1).find((arg) => !arg.startsWith("-"));
}

/**
 * Each bundle the image can run, the source it is built from, and the configuration loader its
 * process runs at start. dist/cli/migrate.js is `npm run db:migrate` bundled (tsup.cli.ts).
 */
const entryPoints: Record<string, { source: string; load: (env: Env) => unknown }> = {
  "dist/cli/migrate.js": { source: "packages/db/src/cli/migrate.ts", load: loadMigrateConfig },
  "apps/api/dist/main.js": { source: "apps/api/src/main.ts", load: loadApiConfig },
  "apps/worker/dist/main.js": { source: "apps/worker/src/main.ts", load: loadWorkerConfig },
  "apps/sandbox/dist/main.js": { source: "apps/sandbox/src/main.ts", load: loadSandboxConfig },
};
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
/** Paths the runtime stage copies from the build stage (`COPY --from=build /app/<src> ./<dst>`). */
const copiedIntoImage = [...dockerfile.matchAll(/^COPY --from=build \/app\/(\S+) /gm)].map(
  (m) => m[1] as string,
);
const appServices = Object.entries(services).filter(([, s]) => s.build !== undefined);

describe("docker-compose.yml", () => {
  it("has every service of the system", () => {
    expect(Object.keys(services).sort()).toEqual([
      "api",
      "migrate",
      "postgres",
      "redis",
      "sandbox",
      "worker",
    ]);
  });

  it("runs each app service with node on a bundle the image holds, built from existing source", () => {
    expect(appServices.map(([name]) => name).sort()).toEqual([
      "api",
      "migrate",
      "sandbox",
      "worker",
    ]);
    const migrateBundle = bundleOf(services.migrate as Service) ?? "";
    expect(migrateBundle).toBe("dist/cli/migrate.js");
    for (const [name, service] of appServices) {
      const bundle = bundleOf(service);
      expect(bundle, `${name} command`).toBeDefined();
      expect(Object.keys(entryPoints), `${name} runs a known entry point`).toContain(bundle);
      const entry = entryPoints[bundle ?? ""];
      expect(existsSync(join(root, entry?.source ?? "")), `${name}: ${entry?.source}`).toBe(true);
      const inImage = copiedIntoImage.some((copied) => bundle?.startsWith(`${copied}/`));
      expect(inImage, `${name}: the runtime stage copies ${bundle}`).toBe(true);
    }
  });

  it("names only variables that the processes read", () => {
    const known = new Set(Object.keys(variables));
    for (const [name, service] of appServices) {
      for (const variable of Object.keys(environmentOf(service))) {
        expect(known.has(variable), `${name}: ${variable} is read by no process`).toBe(true);
      }
    }
  });

  it("gives every app service an environment its own configuration accepts", () => {
    for (const [name, service] of appServices) {
      const load = entryPoints[bundleOf(service) ?? ""]?.load;
      expect(load, name).toBeDefined();
      expect(() => load?.(environmentOf(service)), `${name} configuration`).not.toThrow();
    }
  });

  it("points the worker at the sandbox service and every service at the compose hosts", () => {
    const worker = environmentOf(services.worker as Service);
    const sandboxPort = environmentOf(services.sandbox as Service).SANDBOX_PORT;
    // Plain http is allowed only to loopback, so the worker shares the sandbox's network.
    expect(worker.IAMPORT_API_URL).toBe(`http://127.0.0.1:${sandboxPort}`);
    expect((services.worker as { network_mode?: string }).network_mode).toBe("service:sandbox");
    for (const name of ["api", "worker"]) {
      const env = environmentOf(services[name] as Service);
      expect(new URL(env.REDIS_URL ?? "").hostname, name).toBe("redis");
      expect(new URL(env.DATABASE_URL ?? "").hostname, name).toBe("postgres");
    }
    expect(new URL(environmentOf(services.migrate as Service).DATABASE_URL ?? "").hostname).toBe(
      "postgres",
    );
  });

  it("depends only on services that exist, waiting for migrations and healthy servers", () => {
    for (const [name, service] of Object.entries(services)) {
      const targets = Array.isArray(service.depends_on)
        ? service.depends_on
        : Object.keys(service.depends_on ?? {});
      for (const target of targets)
        expect(Object.keys(services), `${name} depends on ${target}`).toContain(target);
    }
    for (const name of ["api", "worker"]) {
      const dependsOn = services[name]?.depends_on as Record<string, { condition?: string }>;
      expect(dependsOn.migrate?.condition, name).toBe("service_completed_successfully");
      expect(dependsOn.redis?.condition, name).toBe("service_healthy");
    }
    const migrate = services.migrate?.depends_on as Record<string, { condition?: string }>;
    expect(migrate.postgres?.condition).toBe("service_healthy");
  });

  it("runs Redis with AOF persistence and no eviction, on a volume", () => {
    const redis = services.redis as Service & { volumes?: string[] };
    const command = Array.isArray(redis.command) ? redis.command.join(" ") : (redis.command ?? "");
    expect(redis.image).toMatch(/^redis:7/);
    expect(command).toContain("--appendonly yes");
    expect(command).toContain("--maxmemory-policy noeviction");
    const volume = redis.volumes?.[0]?.split(":")[0] ?? "";
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
  });

  it("publishes the API on 3000 and the sandbox on 4010", () => {
    expect(services.api?.ports).toContain("3000:3000");
    expect(environmentOf(services.api as Service).PORT).toBe("3000");
    expect(services.sandbox?.ports).toContain("4010:4010");
  });
});
