import { createLogger } from "@cert/logger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminCredentials } from "../src/credentials";
import { AdminConfigError, createAdminRouter } from "../src/index";
import { PLAIN_SESSION_COOKIE as SESSION_COOKIE } from "../src/session-cookie";
import { ADMIN_TOKEN, type AdminFixture, startAdminFixture } from "./admin-fixture";

let admin: AdminFixture;

beforeAll(async () => {
  admin = await startAdminFixture();
});
afterAll(async () => {
  await admin?.close();
});

function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${admin.origin}${path}`, { headers, redirect: "manual" });
}

async function expectUnauthorized(response: Response): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
}

function login(token: string): Promise<Response> {
  return fetch(`${admin.origin}/admin/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token }),
    redirect: "manual",
  });
}

function sessionCookie(response: Response): string {
  const header = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!header) throw new Error("no session cookie was set");
  return header;
}

describe("bearer token", () => {
  it("answers the JSON API 401 without a token", async () => {
    await expectUnauthorized(await get("/admin/api/counts"));
    await expectUnauthorized(await get("/admin/api/failed"));
    const retry = await fetch(`${admin.origin}/admin/api/failed/retry-all`, { method: "POST" });
    await expectUnauthorized(retry);
  });

  it("sends a browser without credentials from the dashboard to the login page", async () => {
    for (const path of ["/admin/queues", "/admin/queues/queue/certifications"]) {
      const response = await get(path);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe("/admin/login");
    }
  });

  it("answers the dashboard's own API 401 instead of redirecting", async () => {
    await expectUnauthorized(await get("/admin/queues/api/queues"));
  });

  it("rejects a wrong token, one of another length, and other schemes", async () => {
    const sameLength = ADMIN_TOKEN.replace(/.$/, (c) => (c === "x" ? "y" : "x"));
    const candidates = [
      `Bearer ${sameLength}`,
      `Bearer ${ADMIN_TOKEN.slice(0, 5)}`,
      `Bearer ${ADMIN_TOKEN}${ADMIN_TOKEN}`,
      `Bearer ${ADMIN_TOKEN.toUpperCase()}`,
      `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString("base64")}`,
      ADMIN_TOKEN,
      "Bearer",
    ];
    for (const authorization of candidates) {
      await expectUnauthorized(await get("/admin/api/counts", { authorization }));
      expect((await get("/admin/queues", { authorization })).status).toBe(302);
    }
  });

  it("lets the right token into the API and the dashboard", async () => {
    const counts = await admin.adminFetch("/admin/api/counts");
    expect(counts.status).toBe(200);
    const page = await admin.adminFetch("/admin/queues");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).toContain('<base href="/admin/queues/"');
    const boardApi = await admin.adminFetch("/admin/queues/api/queues");
    expect(boardApi.status).toBe(200);
  });

  it("answers unknown admin routes 404 JSON", async () => {
    const response = await admin.adminFetch("/admin/api/nothing-here");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
  });
});

describe("browser login", () => {
  it("serves a login form that posts the token", async () => {
    const response = await get("/admin/login");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('action="/admin/login"');
    expect(html).toMatch(/<input[^>]+name="token"[^>]+type="password"/);
  });

  it("sets an HttpOnly, SameSite=Strict session cookie that is not the token", async () => {
    const response = await login(ADMIN_TOKEN);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/admin/queues");
    const cookie = sessionCookie(response);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Strict/i);
    expect(cookie).toMatch(/; Path=\/admin(;|$)/);
    expect(cookie).not.toContain(ADMIN_TOKEN);
    expect(cookie).not.toContain(encodeURIComponent(ADMIN_TOKEN));

    const pair = cookie.split(";")[0] as string;
    expect((await get("/admin/api/counts", { cookie: pair })).status).toBe(200);
    expect((await get("/admin/queues", { cookie: pair })).status).toBe(200);
  });

  it("rejects a wrong token at login without setting a cookie", async () => {
    const response = await login(`${ADMIN_TOKEN}x`);
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await response.text()).toContain("That token is not valid");
  });

  it("decides on a Bearer header alone, but keeps the session behind a Basic-auth proxy", async () => {
    const pair = sessionCookie(await login(ADMIN_TOKEN)).split(";")[0] as string;
    const wrongBearer = { cookie: pair, authorization: "Bearer not-the-token" };
    await expectUnauthorized(await get("/admin/api/counts", wrongBearer));
    const proxyBasic = { cookie: pair, authorization: "Basic b3BzOnByb3h5LXBhc3N3b3Jk" };
    expect((await get("/admin/api/counts", proxyBasic)).status).toBe(200);
  });

  it("rejects a tampered session cookie", async () => {
    const pair = sessionCookie(await login(ADMIN_TOKEN)).split(";")[0] as string;
    const tampered = pair.replace(/^(\S+=)(\d)/, (_m, name: string, digit: string) => {
      return `${name}${(Number(digit) + 1) % 10}`;
    });
    expect(tampered).not.toBe(pair);
    await expectUnauthorized(await get("/admin/api/counts", { cookie: tampered }));
    await expectUnauthorized(await get("/admin/api/counts", { cookie: `${SESSION_COOKIE}=` }));
  });

  it("refuses every admin request with 429 once a client made too many failed attempts", async () => {
    const strict = await startAdminFixture({ failedAuthLimit: 3 });
    const attempt = (token: string) =>
      fetch(`${strict.origin}/admin/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token }),
        redirect: "manual",
      });
    try {
      // Successful requests and a browser arriving without credentials do not count.
      expect((await attempt(ADMIN_TOKEN)).status).toBe(303);
      for (let i = 0; i < 5; i++)
        expect((await strict.adminFetch("/admin/api/counts")).status).toBe(200);
      expect((await fetch(`${strict.origin}/admin/api/counts`)).status).toBe(401);
      for (let i = 0; i < 3; i++) expect((await attempt(`guess-${i}`)).status).toBe(401);
      // Over the limit: right credentials are refused too, or a guesser would learn its hit.
      const refused = await attempt(ADMIN_TOKEN);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(refused.headers.getSetCookie()).toEqual([]);
      expect(await refused.json()).toMatchObject({ error: { code: "rate_limited" } });
      expect((await strict.adminFetch("/admin/api/counts")).status).toBe(429);
      expect((await strict.adminFetch("/admin/queues/api/queues")).status).toBe(429);
    } finally {
      await strict.close();
    }
  });

  it("never writes the token to the log", async () => {
    await login(ADMIN_TOKEN);
    await login("wrong-token");
    await get("/admin/api/counts", { authorization: `Bearer ${ADMIN_TOKEN.slice(0, 10)}` });
    expect(admin.logLines.some((line) => line.includes("admin authentication failed"))).toBe(true);
    expect(admin.logLines.join("\n")).not.toContain(ADMIN_TOKEN.slice(0, 10));
  });
});

describe("session values", () => {
  const credentials = new AdminCredentials(ADMIN_TOKEN, 60_000);

  it("expire after the session lifetime", () => {
    const { value, id } = credentials.issueSession(1_000_000);
    expect(credentials.verifySession(value, 1_000_000)).toEqual({ id, expired: false });
    expect(credentials.verifySession(value, 1_000_000 + 61_000)).toEqual({ id, expired: true });
  });

  it("stop working when the token changes", () => {
    const { value } = credentials.issueSession(Date.now());
    const rotated = new AdminCredentials(`${ADMIN_TOKEN}-rotated`, 60_000);
    expect(rotated.verifySession(value, Date.now())).toBeUndefined();
  });
});

describe("createAdminRouter options", () => {
  it("refuses an empty token", () => {
    const logger = createLogger({ name: "admin-test", level: "silent" });
    const options = { queues: [admin.queue], logger, redis: admin.adminRedis };
    expect(() => createAdminRouter({ ...options, adminToken: "", keyPrefix: "t:" })).toThrow(
      AdminConfigError,
    );
    expect(() =>
      createAdminRouter({ ...options, adminToken: ADMIN_TOKEN, keyPrefix: "has space" }),
    ).toThrow(AdminConfigError);
  });
});
