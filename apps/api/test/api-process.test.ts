import { request } from "node:http";
import {
  createTestDatabase,
  freePort,
  getTestServices,
  spawnApp,
  uniquePrefix,
} from "@cert/testing";
import { afterAll, beforeAll, expect, it } from "vitest";

const ADMIN_TOKEN = "api-process-test-token-0123456789";
let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

it("runs as its own process: serves health and intake, then drains and exits 0 on SIGTERM", async () => {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const app = await spawnApp("api", {
    env: {
      DATABASE_URL: database.url,
      REDIS_URL: getTestServices().redisUrl,
      PORT: String(port),
      QUEUE_PREFIX: uniquePrefix("api"),
      ADMIN_TOKEN,
    },
  });
  try {
    const ready = JSON.parse(app.lines.find((line) => line.includes('"ready"')) ?? "{}");
    expect(ready).toMatchObject({ msg: "ready", port });

    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    expect((await fetch(`${origin}/readyz`)).status).toBe(200);
    const accepted = await fetch(`${origin}/certifications`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ imp_uid: "imp_600000000001" }),
    });
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toEqual({
      imp_uid: "imp_600000000001",
      status: "queued",
      status_url: "/certifications/imp_600000000001",
    });
    const status = await fetch(`${origin}/certifications/imp_600000000001`);
    expect(await status.json()).toEqual({
      imp_uid: "imp_600000000001",
      status: "queued",
      attempts: 0,
    });

    // The admin router is wired behind ADMIN_TOKEN.
    expect((await fetch(`${origin}/admin/api/counts`)).status).toBe(401);
    const counts = await fetch(`${origin}/admin/api/counts`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(counts.status).toBe(200);
  } finally {
    const code = await app.stop("SIGTERM");
    expect(code).toBe(0);
  }
  expect(app.lines.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  expect(app.lines.join("\n")).not.toContain(ADMIN_TOKEN);
});

/**
 * POSTs `head`, runs `between` while the request is in flight (headers sent, body incomplete),
 * then sends `tail`. Resolves with the status code of the answer.
 */
function postInTwoParts(
  port: number,
  head: string,
  tail: string,
  between: () => Promise<void>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/certifications",
        headers: {
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(head + tail)),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.write(head, () => {
      // Give the server a moment to read the headers: the request is then in flight.
      setTimeout(() => {
        between().then(() => req.end(tail), reject);
      }, 100);
    });
  });
}

it("finishes an in-flight request before exiting on SIGTERM", async () => {
  const port = await freePort();
  const app = await spawnApp("api", {
    env: {
      DATABASE_URL: database.url,
      REDIS_URL: getTestServices().redisUrl,
      PORT: String(port),
      QUEUE_PREFIX: uniquePrefix("api"),
    },
  });
  let exited: Promise<number | null> = Promise.resolve(null);
  const status = await postInTwoParts(port, '{"imp_uid":', '"imp_600000000002"}', async () => {
    exited = app.stop("SIGTERM");
    await app.waitForLine((line) => line.includes('"msg":"shutting down"'));
  });

  expect(status).toBe(202);
  expect(await exited).toBe(0);
});

it("serves /metrics only on METRICS_PORT when it is set", async () => {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const app = await spawnApp("api", {
    env: {
      DATABASE_URL: database.url,
      REDIS_URL: getTestServices().redisUrl,
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      QUEUE_PREFIX: uniquePrefix("api"),
    },
  });
  try {
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain("cert_queue_jobs");
    const onPublic = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(onPublic.status).toBe(404);
    // The metrics listener serves nothing else.
    expect((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  } finally {
    expect(await app.stop("SIGTERM")).toBe(0);
  }
});

it("refuses at start an ADMIN_TOKEN shorter than 32 characters, in one line naming it", async () => {
  const shortToken = "only-thirty-one-characters-long";
  expect(shortToken).toHaveLength(31);
  const app = await spawnApp("api", {
    env: {
      DATABASE_URL: database.url,
      REDIS_URL: getTestServices().redisUrl,
      PORT: String(await freePort()),
      ADMIN_TOKEN: shortToken,
    },
    ready: (line) => line.includes("ADMIN_TOKEN"),
  });
  const code =
    app.child.exitCode ?? (await new Promise<number | null>((r) => app.child.once("exit", r)));
  expect(code).not.toBe(0);
  const lines = app.lines.filter((line) => line.includes("ADMIN_TOKEN"));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain("ADMIN_TOKEN must be at least 32 characters");
  expect(app.lines.join("\n")).not.toContain(shortToken);
});
