import { uniquePrefix } from "@cert/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLAIN_SESSION_COOKIE, SECURE_SESSION_COOKIE } from "../src/session-cookie";
import { ADMIN_TOKEN, type AdminFixture, startAdminFixture } from "./admin-fixture";

// Two deployments: one behind a TLS-terminating proxy it trusts (TRUST_PROXY=true), one that
// trusts no proxy. Each is reached over plain HTTP here, as a proxy would reach it.
let trusting: AdminFixture;
let untrusting: AdminFixture;

beforeAll(async () => {
  [trusting, untrusting] = await Promise.all([
    startAdminFixture({ trustProxy: true }),
    startAdminFixture({ trustProxy: false }),
  ]);
});
afterAll(async () => {
  await Promise.all([trusting?.close(), untrusting?.close()]);
});

function login(origin: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${origin}/admin/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ token: ADMIN_TOKEN }),
    redirect: "manual",
  });
}

/** The one Set-Cookie header of a response, split into name=value and lower-cased attributes. */
function parseSetCookie(response: Response): { pair: string; name: string; attributes: string[] } {
  const headers = response.headers.getSetCookie();
  expect(headers).toHaveLength(1);
  const [pair, ...attributes] = (headers[0] as string).split(/;\s*/);
  return {
    pair: pair as string,
    name: (pair as string).split("=")[0] as string,
    attributes: attributes.map((a) => a.toLowerCase()),
  };
}

describe("session cookie", () => {
  it("is __Host- and Secure with Path=/ over HTTPS reported by a trusted proxy", async () => {
    const response = await login(trusting.origin, { "x-forwarded-proto": "https" });
    expect(response.status).toBe(303);
    const cookie = parseSetCookie(response);
    expect(cookie.name).toBe(SECURE_SESSION_COOKIE);
    expect(cookie.attributes).toEqual(
      expect.arrayContaining(["secure", "httponly", "path=/", "samesite=strict"]),
    );
    expect(cookie.attributes.some((a) => a.startsWith("domain="))).toBe(false);
    // The browser sends it back over HTTPS; it works.
    const headers = { cookie: cookie.pair, "x-forwarded-proto": "https" };
    expect((await fetch(`${trusting.origin}/admin/api/counts`, { headers })).status).toBe(200);
  });

  it("is a plain, non-Secure cookie limited to /admin over plain HTTP", async () => {
    const response = await login(trusting.origin);
    const cookie = parseSetCookie(response);
    expect(cookie.name).toBe(PLAIN_SESSION_COOKIE);
    expect(cookie.attributes).not.toContain("secure");
    expect(cookie.attributes).toEqual(
      expect.arrayContaining(["httponly", "path=/admin", "samesite=strict"]),
    );
    const headers = { cookie: cookie.pair };
    expect((await fetch(`${trusting.origin}/admin/api/counts`, { headers })).status).toBe(200);
  });

  it("ignores X-Forwarded-Proto when the app trusts no proxy", async () => {
    const response = await login(untrusting.origin, { "x-forwarded-proto": "https" });
    const cookie = parseSetCookie(response);
    expect(cookie.name).toBe(PLAIN_SESSION_COOKIE);
    expect(cookie.attributes).not.toContain("secure");
  });
});

describe("origin check on cookie-authenticated changes", () => {
  let cookie: string;
  beforeAll(async () => {
    cookie = parseSetCookie(await login(untrusting.origin)).pair;
  });

  function retryAll(headers: Record<string, string>): Promise<Response> {
    return fetch(`${untrusting.origin}/admin/api/failed/retry-all`, {
      method: "POST",
      headers: { cookie, ...headers },
    });
  }

  it("lets a POST from the admin's own pages through (Origin, or Referer without Origin)", async () => {
    expect((await retryAll({ origin: untrusting.origin })).status).toBe(200);
    expect((await retryAll({ referer: `${untrusting.origin}/admin/queues/` })).status).toBe(200);
  });

  it("refuses a POST from another origin, a null origin or none at all with 403", async () => {
    const evil = { origin: "https://evil.example" };
    const otherPort = { origin: untrusting.origin.replace(/:\d+$/, ":1") };
    const senders: Array<Record<string, string>> = [
      evil,
      otherPort,
      { origin: "null" },
      { referer: "https://evil.example/x" },
      {},
    ];
    for (const headers of senders) {
      const response = await retryAll(headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: "cross_origin_request" } });
    }
  });

  it("does not apply to Bearer-authenticated requests (no cookie, nothing to forge)", async () => {
    const response = await untrusting.adminFetch("/admin/api/failed/retry-all", {
      method: "POST",
      headers: { origin: "https://evil.example" },
    });
    expect(response.status).toBe(200);
  });

  it("refuses a sign-in posted from another site's page", async () => {
    const response = await login(untrusting.origin, { origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});

describe("logout", () => {
  it("revokes the session on every instance, so a copied cookie stops working", async () => {
    // A second instance of the same deployment (same queue prefix, same Redis).
    const prefix = uniquePrefix("admin-logout");
    const [first, second] = await Promise.all([
      startAdminFixture({ prefix }),
      startAdminFixture({ prefix }),
    ]);
    try {
      const cookie = parseSetCookie(await login(first.origin)).pair;
      const counts = () => fetch(`${second.origin}/admin/api/counts`, { headers: { cookie } });
      expect((await counts()).status).toBe(200);

      const logout = await fetch(`${first.origin}/admin/logout`, {
        method: "POST",
        headers: { cookie, origin: first.origin },
        redirect: "manual",
      });
      expect(logout.status).toBe(303);
      expect(logout.headers.get("location")).toBe("/admin/login");
      const cleared = logout.headers.getSetCookie()[0] ?? "";
      expect(cleared).toMatch(new RegExp(`^${PLAIN_SESSION_COOKIE}=;`));
      expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);

      // The browser dropped it; a copy kept elsewhere is refused by both instances.
      expect((await counts()).status).toBe(401);
      const onFirst = await fetch(`${first.origin}/admin/api/counts`, { headers: { cookie } });
      expect(onFirst.status).toBe(401);
    } finally {
      // One after the other: both obliterate the same queue.
      await first.close();
      await second.close();
    }
  });

  it("refuses a logout posted from another origin, leaving the session alive", async () => {
    const cookie = parseSetCookie(await login(untrusting.origin)).pair;
    const logout = await fetch(`${untrusting.origin}/admin/logout`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example" },
      redirect: "manual",
    });
    expect(logout.status).toBe(403);
    const counts = await fetch(`${untrusting.origin}/admin/api/counts`, { headers: { cookie } });
    expect(counts.status).toBe(200);
  });

  it("offers a sign-out page whose button posts to /admin/logout", async () => {
    const page = await fetch(`${untrusting.origin}/admin/logout`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<form method="post" action="\/admin\/logout">/);
  });
});

describe("failed authentications", () => {
  it("are counted in Redis across instances, on every admin route, then answered 429", async () => {
    const prefix = uniquePrefix("admin-limit");
    const [first, second] = await Promise.all([
      startAdminFixture({ prefix, failedAuthLimit: 4 }),
      startAdminFixture({ prefix, failedAuthLimit: 4 }),
    ]);
    const wrong = { authorization: `Bearer ${ADMIN_TOKEN.slice(1)}x` };
    try {
      // Four failures spread over both instances and all three kinds of admin route.
      expect((await fetch(`${first.origin}/admin/api/counts`, { headers: wrong })).status).toBe(
        401,
      );
      expect(
        (await fetch(`${second.origin}/admin/queues/api/queues`, { headers: wrong })).status,
      ).toBe(401);
      const badLogin = await fetch(`${first.origin}/admin/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: "guess" }),
      });
      expect(badLogin.status).toBe(401);
      const badCookie = { cookie: `${PLAIN_SESSION_COOKIE}=1.${"a".repeat(32)}.forged` };
      const page = await fetch(`${second.origin}/admin/queues`, {
        headers: badCookie,
        redirect: "manual",
      });
      expect(page.status).toBe(302);

      // Fifth request, right token, either instance: refused.
      for (const fixture of [first, second]) {
        const refused = await fixture.adminFetch("/admin/api/counts");
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(await refused.json()).toMatchObject({ error: { code: "rate_limited" } });
      }
      const limitedLogin = await login(second.origin);
      expect(limitedLogin.status).toBe(429);
      expect(limitedLogin.headers.getSetCookie()).toEqual([]);
      expect(first.logLines.join("\n")).not.toContain(ADMIN_TOKEN.slice(1));
    } finally {
      // One after the other: both obliterate the same queue.
      await first.close();
      await second.close();
    }
  });
});
