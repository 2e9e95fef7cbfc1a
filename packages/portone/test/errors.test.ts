import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  generateIdentityVerification,
  sandboxIdentityVerificationId as idOf,
  type RunningSandbox,
} from "@cert/iamport-sandbox";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type IdentityVerificationClient,
  PortOneAuthError,
  PortOneInvalidResponseError,
  PortOneNotFoundError,
  PortOneRateLimitError,
  PortOneRejectedError,
  PortOneTransientError,
} from "../src";
import { clientFor, portOneFailure, startTestSandbox } from "./support/harness";

let sandbox: RunningSandbox;
let client: IdentityVerificationClient;
const id = idOf("full", 5, 5);

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await client?.close();
  sandbox.reset();
  client = clientFor(sandbox);
});

function failure(target = id, from = client) {
  return portOneFailure(from.getIdentityVerification(target));
}

describe("PortOneNotFoundError", () => {
  it("is PortOne's 404 IDENTITY_VERIFICATION_NOT_FOUND, permanent", async () => {
    const missing = idOf("not-found", 1, 1);
    const error = await failure(missing);
    expect(error).toBeInstanceOf(PortOneNotFoundError);
    expect(error).toMatchObject({
      code: "not_found",
      retryable: false,
      status: 404,
      identityVerificationId: missing,
    });
  });

  it("is not a 404 page from something else (a wrong API URL)", async () => {
    sandbox.state.portone.register("nf-page", { kind: "raw", status: 404, body: "<h1>404</h1>" });
    const error = await failure("nf-page");
    expect(error).toBeInstanceOf(PortOneInvalidResponseError);
    expect(error).toMatchObject({ code: "unexpected_status", retryable: false });
  });
});

describe("PortOneAuthError", () => {
  it("is a 401 UNAUTHORIZED for a wrong secret, permanent", async () => {
    const wrong = clientFor(sandbox, { apiSecret: "not-the-secret" });
    const error = await failure(id, wrong);
    await wrong.close();
    expect(error).toBeInstanceOf(PortOneAuthError);
    expect(error).toMatchObject({ code: "unauthorized", retryable: false, status: 401 });
    expect(sandbox.stats().identityVerificationRejected).toBe(1);
  });

  it("is a 403 FORBIDDEN for another store's storeId, permanent", async () => {
    const store = await startTestSandbox({ storeId: "store-right" });
    const other = clientFor(store, { storeId: "store-wrong" });
    const right = clientFor(store, { storeId: "store-right" });
    try {
      const error = await failure(id, other);
      expect(error).toBeInstanceOf(PortOneAuthError);
      expect(error).toMatchObject({ code: "forbidden", retryable: false, status: 403 });
      expect((await right.getIdentityVerification(id)).status).toBe("verified");
    } finally {
      await Promise.all([other.close(), right.close()]);
      await store.close();
    }
  });
});

describe("PortOneRejectedError", () => {
  it("is a 400 INVALID_REQUEST, permanent", async () => {
    sandbox.state.addFaultRule(id, "400", 1, sandbox.state.portone.rules);
    const error = await failure();
    expect(error).toBeInstanceOf(PortOneRejectedError);
    expect(error).toMatchObject({ code: "invalid_request", retryable: false, status: 400 });
  });
});

describe("PortOneRateLimitError", () => {
  it("is a 429 carrying Retry-After in ms", async () => {
    // The same id answers normally until the fault is set.
    expect((await client.getIdentityVerification(id)).status).toBe("verified");
    sandbox.state.addFaultRule(id, "429,retry-after=7", 1, sandbox.state.portone.rules);
    const limited = await failure();
    expect(limited).toBeInstanceOf(PortOneRateLimitError);
    expect(limited).toMatchObject({ code: "rate_limited", retryable: true, retryAfterMs: 7000 });
  });

  it("falls back to defaultRetryAfterMs without Retry-After", async () => {
    sandbox.setFaults({ rate429: 1, retryAfterSeconds: null });
    const hasty = clientFor(sandbox, { defaultRetryAfterMs: 1234 });
    const error = await failure(id, hasty);
    await hasty.close();
    expect(error).toMatchObject({ code: "rate_limited", retryAfterMs: 1234 });
  });
});

describe("PortOneTransientError", () => {
  it("is a 5xx, retryable", async () => {
    for (const status of ["500", "502", "503"]) {
      sandbox.state.addFaultRule(id, status, 1, sandbox.state.portone.rules);
      const error = await failure();
      expect(error).toBeInstanceOf(PortOneTransientError);
      expect(error).toMatchObject({
        code: "server_error",
        retryable: true,
        status: Number(status),
      });
    }
  });

  it("is a timeout when the answer comes after the deadline", async () => {
    const slow = clientFor(sandbox, { timeoutMs: 150 });
    // Without the fault the call succeeds within the deadline.
    expect((await slow.getIdentityVerification(id)).status).toBe("verified");
    sandbox.state.addFaultRule(id, "latency=2000", 1, sandbox.state.portone.rules);
    const started = Date.now();
    const timedOut = await failure(id, slow);
    await slow.close();
    expect(timedOut).toBeInstanceOf(PortOneTransientError);
    expect(timedOut).toMatchObject({ code: "timeout", retryable: true });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("is a network error when the connection drops", async () => {
    sandbox.state.addFaultRule(id, "drop", 1, sandbox.state.portone.rules);
    const error = await failure();
    expect(error).toBeInstanceOf(PortOneTransientError);
    expect(error).toMatchObject({ code: "network", retryable: true });
  });

  it("is an HTML page or broken JSON", async () => {
    sandbox.state.addFaultRule(id, "502,html", 1, sandbox.state.portone.rules);
    expect(await failure()).toMatchObject({ code: "server_error", retryable: true });
    sandbox.state.portone.register("html-200", {
      kind: "raw",
      status: 200,
      contentType: "text/html",
      body: "<html><body>maintenance</body></html>",
    });
    const html = await failure("html-200");
    expect(html).toBeInstanceOf(PortOneTransientError);
    expect(html).toMatchObject({ code: "unexpected_content", retryable: true });
    sandbox.state.portone.register("cut-200", {
      kind: "raw",
      status: 200,
      body: '{"status":"VERI',
    });
    expect(await failure("cut-200")).toMatchObject({ code: "invalid_json", retryable: true });
  });

  it("is refused connections", async () => {
    const server = createServer();
    server.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const nobody = clientFor(sandbox, { apiUrl: `http://127.0.0.1:${port}` });
    const error = await failure(id, nobody);
    await nobody.close();
    expect(error).toMatchObject({ code: "network", retryable: true });
  });
});

describe("PortOneInvalidResponseError", () => {
  it("is a body over maxResponseBytes (too_large, retryable)", async () => {
    const wire = generateIdentityVerification(id) as Record<string, unknown>;
    sandbox.state.portone.register("huge", {
      kind: "record",
      identityVerification: { ...wire, id: "huge", padding: "x".repeat(70 * 1024) },
    });
    const error = await failure("huge");
    expect(error).toBeInstanceOf(PortOneInvalidResponseError);
    expect(error).toMatchObject({ code: "too_large", retryable: true });
    const roomy = clientFor(sandbox, { maxResponseBytes: 256 * 1024 });
    expect((await roomy.getIdentityVerification("huge")).status).toBe("verified");
    await roomy.close();
  });

  it("is an unknown status, never taken as verified", async () => {
    const wire = generateIdentityVerification(id) as Record<string, unknown>;
    sandbox.state.portone.register("new-status", {
      kind: "record",
      identityVerification: { ...wire, id: "new-status", status: "PARTIALLY_VERIFIED" },
    });
    const error = await failure("new-status");
    expect(error).toBeInstanceOf(PortOneInvalidResponseError);
    expect(error).toMatchObject({ code: "unknown_status", retryable: false });
  });

  it("names the field of a wrong form, never its value", async () => {
    const wire = generateIdentityVerification(id) as Record<string, unknown> & {
      verifiedCustomer: Record<string, unknown>;
    };
    const cases: [string, Record<string, unknown>, string][] = [
      [
        "bad-birth",
        { verifiedCustomer: { ...wire.verifiedCustomer, birthDate: "1990-02-30" } },
        "verifiedCustomer.birthDate",
      ],
      ["bad-at", { verifiedAt: "2026-01-01 10:00:00" }, "verifiedAt"],
      [
        "bad-gender",
        { verifiedCustomer: { ...wire.verifiedCustomer, gender: "M" } },
        "verifiedCustomer.gender",
      ],
      ["no-customer", { verifiedCustomer: undefined }, "verifiedCustomer"],
      ["no-status", { status: undefined }, "status"],
    ];
    for (const [name, change, field] of cases) {
      sandbox.state.portone.register(name, {
        kind: "record",
        identityVerification: { ...wire, id: name, ...change },
      });
      const error = await failure(name);
      expect(error).toMatchObject({ code: "schema_mismatch", retryable: false, field });
    }
  });

  it("is an answer about another id", async () => {
    const wire = generateIdentityVerification(id) as Record<string, unknown>;
    sandbox.state.portone.register("asked", { kind: "record", identityVerification: wire });
    expect(await failure("asked")).toMatchObject({ code: "id_mismatch", retryable: false });
  });
});
