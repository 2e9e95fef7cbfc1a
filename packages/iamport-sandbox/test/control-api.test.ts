import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DEFAULT_FAULTS,
  type RunningSandbox,
  SANDBOX_SHAPES,
  sandboxImpUid,
  startSandbox,
} from "../src";
import {
  control,
  envelopeOf,
  fetchCertification,
  requestToken,
  tokenFor,
} from "./support/provider";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe("PUT /__sandbox/certifications/:imp_uid", () => {
  it("serves a registered record verbatim inside the envelope, wrong types included", async () => {
    const certification = {
      imp_uid: "imp_custom",
      pg_provider: "danal",
      certified: "yes",
      birthday: 19900101,
    };
    const put = await control(sandbox.url, "PUT", "/certifications/imp_custom", {
      kind: "record",
      certification,
    });
    expect(put.status).toBe(200);
    const answer = await fetchCertification(sandbox.url, "imp_custom", await tokenFor(sandbox.url));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ code: 0, message: null, response: certification });
  });

  it("turns a generated id into a 404 with the not-found marker, and back when unregistered", async () => {
    const impUid = sandboxImpUid("full", 2, 2);
    const token = await tokenFor(sandbox.url);
    await control(sandbox.url, "PUT", `/certifications/${impUid}`, { kind: "not-found" });
    expect((await fetchCertification(sandbox.url, impUid, token)).status).toBe(404);
    const removed = await control(sandbox.url, "DELETE", `/certifications/${impUid}`);
    expect(removed.body).toEqual({ ok: true });
    expect((await fetchCertification(sandbox.url, impUid, token)).status).toBe(200);
  });

  it("serves a raw status, content type and body, e.g. an HTML page or broken JSON", async () => {
    const token = await tokenFor(sandbox.url);
    await control(sandbox.url, "PUT", "/certifications/imp_html", {
      kind: "raw",
      status: 200,
      contentType: "text/html",
      body: "<html><body>maintenance</body></html>",
    });
    sandbox.register("imp_broken", {
      kind: "raw",
      status: 200,
      body: '{"code":0,"response":{"imp_',
    });
    const html = await fetchCertification(sandbox.url, "imp_html", token);
    expect(html.headers.get("content-type")).toContain("text/html");
    expect(html.text).toBe("<html><body>maintenance</body></html>");
    const broken = await fetchCertification(sandbox.url, "imp_broken", token);
    expect(broken.status).toBe(200);
    expect(broken.text).toBe('{"code":0,"response":{"imp_');
  });

  it("rejects entries it cannot serve with 400", async () => {
    for (const body of [
      {},
      { kind: "record" },
      { kind: "raw", status: 99, body: "" },
      { kind: "raw", status: 200 },
    ]) {
      const answer = await control(sandbox.url, "PUT", "/certifications/imp_1", body);
      expect(answer.status).toBe(400);
      expect(answer.body).toHaveProperty("error");
    }
  });
});

describe("GET /__sandbox/stats and POST /__sandbox/reset", () => {
  it("counts token calls, tokens issued and certification calls per imp_uid, until reset", async () => {
    const token = await tokenFor(sandbox.url);
    await tokenFor(sandbox.url);
    await fetchCertification(sandbox.url, "imp_10", token);
    await fetchCertification(sandbox.url, "imp_10", token);
    await fetchCertification(sandbox.url, "imp_20", token);
    await fetchCertification(sandbox.url, "imp_20", "not-a-token");
    const stats = await control(sandbox.url, "GET", "/stats");
    expect(stats.body).toEqual({
      getTokenCalls: 2,
      tokensIssued: 1,
      certificationCalls: 4,
      certificationCallsByImpUid: { imp_10: 2, imp_20: 2 },
      distinctImpUids: 2,
      deleteCalls: 0,
      unauthorized: 1,
      faultsInjected: 0,
      // V1 calls leave the PortOne V2 counters alone.
      identityVerificationCalls: 0,
      identityVerificationCallsById: {},
      identityVerificationRejected: 0,
    });
    await control(sandbox.url, "POST", "/reset");
    expect(sandbox.stats()).toMatchObject({
      getTokenCalls: 0,
      certificationCalls: 0,
      certificationCallsByImpUid: {},
    });
    // Reset also forgets tokens.
    expect((await fetchCertification(sandbox.url, "imp_10", token)).status).toBe(401);
  });

  it("reset forgets registrations and fault rules", async () => {
    sandbox.register("imp_30", { kind: "not-found" });
    sandbox.addFaultRule("imp_30", "503", 5);
    await control(sandbox.url, "POST", "/reset");
    expect(
      (await fetchCertification(sandbox.url, "imp_30", await tokenFor(sandbox.url))).status,
    ).toBe(200);
  });
});

describe("faults through the control API", () => {
  it("PUT replaces the per-run faults, PATCH changes some, GET shows them", async () => {
    const put = await control(sandbox.url, "PUT", "/faults", { latencyMs: 5, tokenTtlSeconds: 60 });
    expect(put.body).toEqual({ ...DEFAULT_FAULTS, latencyMs: 5, tokenTtlSeconds: 60 });
    await control(sandbox.url, "PATCH", "/faults", { skewSeconds: -30 });
    const current = await control(sandbox.url, "GET", "/faults");
    expect(current.body).toEqual({
      ...DEFAULT_FAULTS,
      latencyMs: 5,
      tokenTtlSeconds: 60,
      skewSeconds: -30,
    });
    await control(sandbox.url, "PUT", "/faults", {});
    expect(sandbox.state.faults).toEqual(DEFAULT_FAULTS);
  });

  it("rejects unknown faults, out-of-range values and rates summing over 1", async () => {
    for (const body of [
      { latency: 5 },
      { errorRate: 2 },
      { errorRate: 0.6, dropRate: 0.6 },
      { wrongKey: "yes" },
      [],
    ]) {
      expect((await control(sandbox.url, "PUT", "/faults", body)).status).toBe(400);
    }
  });

  it("faults the next N fetches of one imp_uid, then answers normally", async () => {
    const token = await tokenFor(sandbox.url);
    const rule = await control(sandbox.url, "POST", "/certifications/imp_40/faults", {
      fault: "503",
      times: 2,
    });
    expect(rule.body).toEqual({ ok: true, pending: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await fetchCertification(sandbox.url, "imp_40", token)).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect((await fetchCertification(sandbox.url, "imp_50", token)).status).toBe(200);
    expect(sandbox.stats().faultsInjected).toBe(2);
  });

  it("rejects fault rules it cannot parse", async () => {
    for (const body of [{ fault: "explode" }, { fault: "503", times: 0 }, {}]) {
      expect(
        (await control(sandbox.url, "POST", "/certifications/imp_1/faults", body)).status,
      ).toBe(400);
    }
  });

  it("DELETE /__sandbox/tokens revokes tokens: the next use answers 401 and getToken issues anew", async () => {
    const token = await tokenFor(sandbox.url);
    await control(sandbox.url, "DELETE", "/tokens");
    expect((await fetchCertification(sandbox.url, "imp_10", token)).status).toBe(401);
    const fresh = await tokenFor(sandbox.url);
    expect(fresh).not.toBe(token);
    expect((await fetchCertification(sandbox.url, "imp_10", fresh)).status).toBe(200);
  });
});

it("GET /__sandbox/shapes lists the shape table", async () => {
  const answer = await control(sandbox.url, "GET", "/shapes");
  expect(answer.body).toEqual(SANDBOX_SHAPES);
});

it("the control API leaves the provider's credentials check alone", async () => {
  const answer = await requestToken(sandbox.url, { imp_key: "sandbox_key", imp_secret: "x" });
  expect(envelopeOf(answer).code).toBe(-1);
});
