import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "@cert/logger";
import { freePort, useTestDatabase } from "@cert/testing";
import { Router } from "express";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { createMetricsApp } from "../src/index";
import { errorCode, postJson, send } from "./http-client";
import { type IntakeFixture, type IntakeFixtureOptions, startIntake } from "./intake-fixture";

const db = useTestDatabase();
const fixtures: IntakeFixture[] = [];

async function start(options: Partial<IntakeFixtureOptions> = {}): Promise<IntakeFixture> {
  const fixture = await startIntake({ databaseUrl: db.url, ...options });
  fixtures.push(fixture);
  return fixture;
}

afterEach(async () => {
  for (const fixture of fixtures.splice(0)) await fixture.close();
});

describe("health", () => {
  it("answers /healthz and /readyz with 200 when Redis and Postgres answer", async () => {
    const intake = await start();

    const health = await send(intake.origin, { path: "/healthz" });
    const ready = await send(intake.origin, { path: "/readyz" });
    expect([health.status, health.json]).toEqual([200, { status: "ok" }]);
    expect([ready.status, ready.json]).toEqual([200, { status: "ready" }]);
  });

  it("answers /readyz 503 naming postgres when Postgres does not answer, /healthz still 200", async () => {
    const intake = await start({
      databaseUrl: `postgres://postgres@127.0.0.1:${await freePort()}/none`,
    });

    const ready = await send(intake.origin, { path: "/readyz" });
    expect(ready.status).toBe(503);
    expect(ready.json).toEqual({
      error: { code: "not_ready", message: "postgres unavailable" },
    });
    expect((await send(intake.origin, { path: "/healthz" })).status).toBe(200);
  });
});

describe("/metrics", () => {
  it("reports intake counters, HTTP requests by route pattern and queue counts", async () => {
    const intake = await start();
    await postJson(intake.origin, { imp_uid: "imp_300000000001" });
    await postJson(intake.origin, { imp_uid: "imp_300000000001" });
    await postJson(intake.origin, { imp_uid: "nope" });
    await send(intake.origin, { path: "/certifications/imp_300000000001" });

    const response = await send(intake.origin, { path: "/metrics" });
    expect(response.status).toBe(200);
    expect(String(response.headers["content-type"])).toMatch(/^text\/plain/);
    const text = response.text;
    expect(text).toContain("cert_intake_accepted_total 1");
    expect(text).toContain("cert_intake_duplicates_total 1");
    expect(text).toContain('cert_intake_rejected_total{code="invalid_imp_uid"} 1');
    expect(text).toContain(
      'http_requests_total{method="POST",route="/certifications",status_code="202"} 2',
    );
    expect(text).toContain(
      'http_requests_total{method="GET",route="/certifications/:imp_uid",status_code="200"} 1',
    );
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.005",method="POST"/);
    expect(text).toContain('cert_queue_jobs{state="waiting"} 1');
    expect(text).toContain("cert_queue_counts_up 1");
    expect(text).toContain("process_cpu_user_seconds_total");
    // Label values never carry ids: one series per route, not per imp_uid.
    expect(text).not.toMatch(/route="[^"]*imp_3/);
  });
});

describe("METRICS_PORT", () => {
  it("keeps /metrics off the public app and serves it from the metrics app instead", async () => {
    const registry = new Registry();
    const intake = await start({ registry, config: { metricsPort: 9464 } });
    await postJson(intake.origin, { imp_uid: "imp_300000000010" });

    const publicMetrics = await send(intake.origin, { path: "/metrics" });
    expect([publicMetrics.status, errorCode(publicMetrics)]).toEqual([404, "not_found"]);

    const logger = createLogger({ name: "metrics-test", level: "silent" });
    const server = createServer(createMetricsApp(registry, logger)).listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const metrics = await send(origin, { path: "/metrics" });
      expect(metrics.status).toBe(200);
      expect(metrics.text).toContain("cert_intake_accepted_total 1");
      const other = await send(origin, { path: "/certifications/imp_300000000010" });
      expect(other.status).toBe(404);
    } finally {
      server.close();
    }
  });
});

describe("X-Forwarded-For while TRUST_PROXY is off", () => {
  const warning = (intake: IntakeFixture) =>
    intake.logLines.filter((line) => line.includes('"code":"untrusted_forwarded_for"'));

  it("warns once, at the first request that carries it", async () => {
    const intake = await start();
    await send(intake.origin, { path: "/healthz" });
    expect(warning(intake)).toHaveLength(0);
    for (let i = 0; i < 3; i++) {
      const headers = { "x-forwarded-for": `203.0.113.${i}` };
      expect((await send(intake.origin, { path: "/healthz", headers })).status).toBe(200);
    }
    const lines = warning(intake);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: "warn" });
    expect(lines[0]).toContain("TRUST_PROXY");
    expect(lines[0]).not.toContain("203.0.113");
  });

  it("stays silent when TRUST_PROXY is on", async () => {
    const intake = await start({ config: { trustProxy: true } });
    await send(intake.origin, { path: "/healthz", headers: { "x-forwarded-for": "203.0.113.9" } });
    expect(warning(intake)).toHaveLength(0);
  });
});

describe("HTTP hygiene", () => {
  it("sends security headers and no X-Powered-By", async () => {
    const intake = await start();
    const response = await postJson(intake.origin, { imp_uid: "imp_300000000002" });

    expect(response.headers["x-powered-by"]).toBeUndefined();
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["strict-transport-security"]).toMatch(/max-age=/);
    expect(response.headers["content-security-policy"]).toBe(
      "default-src 'none';frame-ancestors 'none'",
    );
    expect(response.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(response.headers["referrer-policy"]).toBe("no-referrer");
    expect(response.headers["cross-origin-resource-policy"]).toBe("same-origin");
  });

  it("never writes request bodies to the log", async () => {
    const intake = await start();
    await postJson(intake.origin, { imp_uid: "imp_300000000003", name: "홍길동" });
    await postJson(intake.origin, { imp_uid: "홍길동 01012345678" });

    expect(intake.logLines.join("\n")).not.toMatch(/홍길동|01012345678/);
  });
});

describe("/admin", () => {
  const admin = () => {
    const router = Router();
    router.get("/queues", (_req, res) => {
      res.json({ dashboard: true });
    });
    router.get("/broken", () => {
      throw new Error("detail for the log only: imp_uid holder 홍길동");
    });
    return router;
  };

  it("is mounted when an admin router is given and ADMIN_TOKEN is set", async () => {
    const intake = await start({ admin: admin(), config: { adminToken: "a".repeat(32) } });

    const response = await send(intake.origin, { path: "/admin/queues" });
    expect([response.status, response.json]).toEqual([200, { dashboard: true }]);
    // The dashboard is HTML: it gets helmet's full set, scripts from its own origin only.
    expect(response.headers["content-security-policy"]).toMatch(/script-src 'self'/);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("answers the JSON 404 when ADMIN_TOKEN is unset, even with a router given", async () => {
    const intake = await start({ admin: admin(), config: { adminToken: undefined } });

    const response = await send(intake.origin, { path: "/admin/queues" });
    expect(response.status).toBe(404);
    expect(errorCode(response)).toBe("not_found");
  });

  it("answers a bug with a bare 500 internal_error and logs the detail", async () => {
    const intake = await start({ admin: admin(), config: { adminToken: "a".repeat(32) } });

    const response = await send(intake.origin, { path: "/admin/broken" });
    expect([response.status, response.json]).toEqual([
      500,
      { error: { code: "internal_error", message: "Internal server error" } },
    ]);
    expect(intake.logLines.join("\n")).toContain("unhandled error");
  });
});
