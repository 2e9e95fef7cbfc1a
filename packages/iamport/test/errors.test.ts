import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type RunningSandbox, sandboxImpUid } from "@cert/iamport-sandbox";
import { retryAfterMs } from "@cert/provider-http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  IamportAuthError,
  IamportClient,
  IamportError,
  IamportInvalidResponseError,
  IamportNotFoundError,
  IamportRateLimitError,
  IamportTransientError,
} from "../src";
import { clientFor, rejectionOf, startTestSandbox } from "./support/harness";

let sandbox: RunningSandbox;
let client: IamportClient;
const impUid = sandboxImpUid("full", 5, 5);

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await client?.close();
  sandbox.reset();
  client = clientFor(sandbox);
});

/** The error `getCertification(id)` rejects with, checked to be an IamportError. */
async function failure(id = impUid, from: IamportClient = client): Promise<IamportError> {
  const error = await rejectionOf(from.getCertification(id));
  expect(error).toBeInstanceOf(IamportError);
  return error as IamportError;
}

describe("IamportNotFoundError", () => {
  it("is the provider's 404 envelope, permanent", async () => {
    const id = sandboxImpUid("not-found", 1, 1);
    const error = await failure(id);
    expect(error).toBeInstanceOf(IamportNotFoundError);
    expect(error).toMatchObject({ code: "not_found", retryable: false, status: 404, impUid: id });
  });

  it("is not a 404 page from something else (a wrong API URL)", async () => {
    sandbox.register("imp_404", {
      kind: "raw",
      status: 404,
      contentType: "text/html",
      body: "<h1>Not Found</h1>",
    });
    const error = await failure("imp_404");
    expect(error).toBeInstanceOf(IamportInvalidResponseError);
    expect(error).toMatchObject({ code: "unexpected_status", retryable: false });
  });
});

describe("IamportAuthError", () => {
  it("is a 401 on getToken for a wrong secret, permanent", async () => {
    const wrong = clientFor(sandbox, { apiSecret: "wrong" });
    try {
      const error = await failure(impUid, wrong);
      expect(error).toBeInstanceOf(IamportAuthError);
      expect(error).toMatchObject({ code: "invalid_credentials", retryable: false, status: 401 });
    } finally {
      await wrong.close();
    }
  });

  it("is what the wrongKey fault causes", async () => {
    sandbox.setFaults({ wrongKey: true });
    expect(await failure()).toBeInstanceOf(IamportAuthError);
  });

  it("is a 403", async () => {
    sandbox.addFaultRule(impUid, "403");
    expect(await failure()).toMatchObject({ code: "forbidden", retryable: false, status: 403 });
  });
});

describe("IamportRateLimitError", () => {
  it("carries Retry-After seconds", async () => {
    sandbox.addFaultRule(impUid, "429,retry-after=7");
    const error = await failure();
    expect(error).toBeInstanceOf(IamportRateLimitError);
    expect(error).toMatchObject({
      code: "rate_limited",
      retryable: true,
      retryAfterMs: 7000,
      status: 429,
    });
  });

  it("carries an HTTP-date Retry-After as the time until then", async () => {
    const at = new Date(Date.now() + 120_000).toUTCString();
    sandbox.register("imp_date", {
      kind: "raw",
      status: 429,
      body: "{}",
      headers: { "retry-after": at },
    });
    const error = (await failure("imp_date")) as IamportRateLimitError;
    expect(error.retryAfterMs).toBeGreaterThan(100_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it("falls back to defaultRetryAfterMs without the header", async () => {
    sandbox.setFaults({ rate429: 1, retryAfterSeconds: null });
    const patient = clientFor(sandbox, { defaultRetryAfterMs: 2500 });
    try {
      expect(await failure(impUid, patient)).toMatchObject({ retryAfterMs: 2500 });
    } finally {
      await patient.close();
    }
  });

  it("parses both Retry-After forms", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs("3", 1000, now)).toBe(3000);
    expect(retryAfterMs("Thu, 01 Jan 2026 00:00:10 GMT", 1000, now)).toBe(10_000);
    expect(retryAfterMs("Wed, 31 Dec 2025 00:00:00 GMT", 1000, now)).toBe(0);
    expect(retryAfterMs("soon", 1000, now)).toBe(1000);
    expect(retryAfterMs(undefined, 1000, now)).toBe(1000);
  });
});

describe("IamportTransientError", () => {
  const transient = async (code: string) => {
    const error = await failure();
    expect(error).toBeInstanceOf(IamportTransientError);
    expect(error).toMatchObject({ code, retryable: true });
    return error as IamportTransientError;
  };

  it("is a 5xx", async () => {
    sandbox.addFaultRule(impUid, "503");
    expect(await transient("server_error")).toMatchObject({ status: 503 });
    sandbox.addFaultRule(impUid, "502,html");
    expect(await transient("server_error")).toMatchObject({ status: 502 });
  });

  it("is HTTP 200 with a non-zero code", async () => {
    sandbox.addFaultRule(impUid, "code1");
    expect(await transient("provider_error")).toMatchObject({ status: 200, providerCode: 1 });
  });

  it("is a dropped connection", async () => {
    sandbox.addFaultRule(impUid, "drop");
    await transient("network");
  });

  it("is a timeout when the answer is slower than timeoutMs", async () => {
    const hasty = clientFor(sandbox, { timeoutMs: 1000 });
    try {
      await hasty.tokens.getToken();
      sandbox.addFaultRule(impUid, "latency=5000");
      expect(await failure(impUid, hasty)).toMatchObject({ code: "timeout", retryable: true });
    } finally {
      await hasty.close();
    }
  });

  it("is a timeout when the body stalls after the headers", async () => {
    // A provider (or proxy) that sends its headers and then nothing: the deadline covers the
    // body too, or the job would hang until its lock lapsed.
    const stalling = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"code":0,');
    });
    await new Promise<void>((resolve) => stalling.listen(0, "127.0.0.1", resolve));
    const { port } = stalling.address() as AddressInfo;
    const hasty = new IamportClient({
      apiUrl: `http://127.0.0.1:${port}`,
      apiKey: "k",
      apiSecret: "s",
      timeoutMs: 500,
    });
    try {
      expect(await failure(impUid, hasty)).toMatchObject({ code: "timeout", retryable: true });
    } finally {
      await hasty.close();
      stalling.closeAllConnections();
      await new Promise((resolve) => stalling.close(resolve));
    }
  });

  it("is a refused connection", async () => {
    const nowhere = new IamportClient({
      apiUrl: "http://127.0.0.1:1",
      apiKey: "k",
      apiSecret: "s",
    });
    try {
      expect(await failure(impUid, nowhere)).toMatchObject({ code: "network", retryable: true });
    } finally {
      await nowhere.close();
    }
  });

  it("comes from getToken as well", async () => {
    sandbox.setFaults({ errorRate: 1 });
    expect(await transient("server_error")).toMatchObject({ status: 500 });
  });

  it("follows per-run fault rates: after the faults, the same call succeeds", async () => {
    sandbox.addFaultRule(impUid, "503", 2);
    await transient("server_error");
    await transient("server_error");
    expect((await client.getCertification(impUid)).impUid).toBe(impUid);
  });
});

describe("IamportInvalidResponseError", () => {
  const cases: [string, Parameters<RunningSandbox["register"]>[1], string, boolean][] = [
    [
      "an HTML page with 200",
      { kind: "raw", status: 200, contentType: "text/html", body: "<html>maintenance</html>" },
      "unexpected_content",
      true,
    ],
    [
      "broken JSON",
      { kind: "raw", status: 200, body: '{"code":0,"response":{"imp_' },
      "invalid_json",
      true,
    ],
    [
      "JSON that is not an envelope",
      { kind: "raw", status: 200, body: '{"imp_uid":"imp_x"}' },
      "invalid_envelope",
      false,
    ],
    [
      "an envelope without response",
      { kind: "raw", status: 200, body: '{"code":0,"message":null,"response":null}' },
      "missing_response",
      false,
    ],
    [
      "a record without imp_uid",
      { kind: "record", certification: { pg_provider: "danal" } },
      "missing_imp_uid",
      false,
    ],
    [
      "a record for another imp_uid",
      { kind: "record", certification: { imp_uid: "imp_other" } },
      "imp_uid_mismatch",
      false,
    ],
    [
      "a record with a wrong type",
      { kind: "record", certification: { imp_uid: "imp_bad", birthday: 1990 } },
      "schema_mismatch",
      false,
    ],
    [
      "an unexpected 4xx",
      { kind: "raw", status: 400, body: '{"code":-1,"message":"bad","response":null}' },
      "unexpected_status",
      false,
    ],
  ];
  for (const [what, entry, code, retryable] of cases) {
    it(`is ${what}`, async () => {
      sandbox.register("imp_bad", entry);
      const error = await failure("imp_bad");
      expect(error).toBeInstanceOf(IamportInvalidResponseError);
      expect(error).toMatchObject({ code, retryable, impUid: "imp_bad" });
    });
  }
});
