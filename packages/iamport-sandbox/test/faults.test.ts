import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  drawRunFault,
  parseFaults,
  type RunningSandbox,
  SandboxInputError,
  sandboxImpUid,
  startSandbox,
} from "../src";
import { seededRandom } from "../src/deterministic";
import {
  envelopeOf,
  fetchCertification,
  requestToken,
  type TokenResponse,
  tokenFor,
} from "./support/provider";

let sandbox: RunningSandbox;
let token: string;
const impUid = sandboxImpUid("full", 1, 1);

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 42 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  sandbox.reset();
  token = await tokenFor(sandbox.url);
});

describe("per-run faults", () => {
  it("errorRate answers HTTP 500 with a code -1 envelope", async () => {
    sandbox.setFaults({ errorRate: 1 });
    const answer = await fetchCertification(sandbox.url, impUid, token);
    expect(answer.status).toBe(500);
    expect(envelopeOf(answer)).toMatchObject({ code: -1, response: null });
  });

  it("rate429 answers 429 with Retry-After, or without it when retryAfterSeconds is null", async () => {
    sandbox.setFaults({ rate429: 1, retryAfterSeconds: 7 });
    const answer = await fetchCertification(sandbox.url, impUid, token);
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBe("7");
    sandbox.setFaults({ rate429: 1, retryAfterSeconds: null });
    expect(
      (await fetchCertification(sandbox.url, impUid, token)).headers.get("retry-after"),
    ).toBeNull();
  });

  it("code200Rate answers HTTP 200 with code 1 and no response", async () => {
    sandbox.setFaults({ code200Rate: 1 });
    const answer = await fetchCertification(sandbox.url, impUid, token);
    expect(answer.status).toBe(200);
    expect(envelopeOf(answer)).toMatchObject({ code: 1, response: null });
  });

  it("dropRate destroys the connection without an answer", async () => {
    sandbox.setFaults({ dropRate: 1 });
    await expect(fetchCertification(sandbox.url, impUid, token)).rejects.toThrow();
    expect(sandbox.stats().faultsInjected).toBe(1);
  });

  it("applies to getToken too", async () => {
    sandbox.setFaults({ errorRate: 1 });
    expect((await requestToken(sandbox.url)).status).toBe(500);
  });

  it("mixes faults and normal answers at the given rates", async () => {
    sandbox.setFaults({ errorRate: 0.3, rate429: 0.3 });
    const statuses = new Set<number>();
    for (let i = 0; i < 60; i += 1)
      statuses.add((await fetchCertification(sandbox.url, impUid, token)).status);
    expect([...statuses].sort()).toEqual([200, 429, 500]);
  });

  it("latencyMs delays answers (a client deadline shorter than the latency fires)", async () => {
    sandbox.setFaults({ latencyMs: 2000 });
    const request = fetch(`${sandbox.url}/certifications/${impUid}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(100),
    });
    await expect(request).rejects.toThrow(/abort|timeout/i);
  });

  it("tokenTtlSeconds shortens new tokens", async () => {
    sandbox.reset();
    sandbox.setFaults({ tokenTtlSeconds: 90 });
    const issued = envelopeOf<TokenResponse>(await requestToken(sandbox.url)).response;
    expect(issued.expired_at - issued.now).toBe(90);
  });

  it("skewSeconds moves the provider clock", async () => {
    sandbox.reset();
    sandbox.setFaults({ skewSeconds: 3600 });
    const issued = envelopeOf<TokenResponse>(await requestToken(sandbox.url)).response;
    expect(Math.abs(issued.now - (Date.now() / 1000 + 3600))).toBeLessThan(5);
  });

  it("wrongKey rejects the right credentials with 401", async () => {
    sandbox.setFaults({ wrongKey: true });
    const answer = await requestToken(sandbox.url);
    expect(answer.status).toBe(401);
    expect(envelopeOf(answer).code).toBe(-1);
  });
});

describe("drawRunFault", () => {
  it("adds jitter in [0, jitterMs] on top of latencyMs, varying per request", () => {
    const random = seededRandom(7);
    const faults = parseFaults({ latencyMs: 10, jitterMs: 40 });
    const latencies = Array.from(
      { length: 200 },
      () => drawRunFault(faults, random)?.latencyMs ?? 0,
    );
    expect(Math.min(...latencies)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...latencies)).toBeLessThanOrEqual(50);
    expect(new Set(latencies).size).toBeGreaterThan(10);
  });

  it("draws nothing when no fault is set", () => {
    expect(drawRunFault(parseFaults({}), seededRandom(1))).toBeNull();
  });
});

describe("X-Sandbox-Fault", () => {
  const withFault = (fault: string) =>
    fetchCertification(sandbox.url, impUid, token, { "x-sandbox-fault": fault });

  it("answers the named status", async () => {
    expect((await withFault("503")).status).toBe(503);
    const limited = await withFault("429,retry-after=3");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
  });

  it("html answers a proxy's HTML error page", async () => {
    const answer = await withFault("502,html");
    expect(answer.status).toBe(502);
    expect(answer.headers.get("content-type")).toContain("text/html");
    expect(answer.text).toContain("<h1>502 Bad Gateway</h1>");
  });

  it("code1 and code=N answer HTTP 200 with that code", async () => {
    expect(envelopeOf(await withFault("code1")).code).toBe(1);
    expect(envelopeOf(await withFault("code=-2")).code).toBe(-2);
  });

  it("drop destroys the connection", async () => {
    await expect(withFault("drop")).rejects.toThrow();
  });

  it("latency=ms delays only that request and then answers normally", async () => {
    const slow = fetch(`${sandbox.url}/certifications/${impUid}`, {
      headers: { authorization: `Bearer ${token}`, "x-sandbox-fault": "latency=2000" },
      signal: AbortSignal.timeout(100),
    });
    await expect(slow).rejects.toThrow(/abort|timeout/i);
    expect((await withFault("latency=1")).status).toBe(200);
  });

  it("works on getToken", async () => {
    expect((await requestToken(sandbox.url, undefined, { "x-sandbox-fault": "500" })).status).toBe(
      500,
    );
  });

  it("is honoured before per-imp_uid rules, which stay pending", async () => {
    sandbox.addFaultRule(impUid, "504", 1);
    expect((await withFault("500")).status).toBe(500);
    expect((await fetchCertification(sandbox.url, impUid, token)).status).toBe(504);
    expect((await fetchCertification(sandbox.url, impUid, token)).status).toBe(200);
  });
});

describe("faults given at start (apps/sandbox passes the SANDBOX_* ones)", () => {
  it("refuses a fault out of its range, naming the fault", async () => {
    await expect(startSandbox({ faults: { dropRate: 1.5 } })).rejects.toThrow(SandboxInputError);
    await expect(startSandbox({ faults: { dropRate: 1.5 } })).rejects.toThrow(/dropRate/);
  });
});
