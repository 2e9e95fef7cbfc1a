import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  generateCertification,
  generateIdentityVerification,
  sandboxIdentityVerificationId as idOf,
  personOf,
  type RunningSandbox,
  SANDBOX_V2_SHAPES,
  type SandboxV2ShapeName,
  sandboxImpUid,
  sandboxV2ExpectedOutcome,
  sandboxV2ShapeOf,
  startSandbox,
} from "../src";
import { fetchIdentityVerification } from "./support/portone";
import { control } from "./support/provider";

// A hand-driven clock, so "READY for T ms" is tested without waiting.
let nowMs = Date.UTC(2026, 5, 1, 3, 0, 0);
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ now: () => nowMs });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

type Body = Record<string, unknown> & { verifiedCustomer?: Record<string, unknown> };

async function bodyOf(id: string): Promise<Body> {
  const answer = await fetchIdentityVerification(sandbox.url, id);
  expect(answer.status).toBe(200);
  return answer.body as Body;
}

describe("id rule", () => {
  it("builds explicit ids that name their shape, for every shape", () => {
    for (const shape of SANDBOX_V2_SHAPES) {
      const id = idOf(shape.name, 12, 34);
      expect(id).toBe(`sbx.${shape.name}.12.000000034`);
      expect(sandboxV2ShapeOf(id)?.name).toBe(shape.name);
      expect(sandboxV2ExpectedOutcome(id)).toBe(shape.expected);
    }
    expect(idOf("ready-then-verified", 1, 2, { ms: 1500 })).toBe(
      "sbx.ready-then-verified~1500ms.01.000000002",
    );
  });

  it("gives any other valid id a shape from its hash, the same every time, every shape reachable", () => {
    const seen = new Set<SandboxV2ShapeName>();
    for (let i = 0; i < 2000; i += 1) {
      const id = `order-${i}`;
      const shape = sandboxV2ShapeOf(id);
      expect(shape).not.toBeNull();
      expect(generateIdentityVerification(id)).toEqual(generateIdentityVerification(id));
      if (shape) seen.add(shape.name);
    }
    expect(seen.size).toBe(SANDBOX_V2_SHAPES.length);
    // An explicit prefix with an unknown shape name falls back to the hash.
    expect(sandboxV2ShapeOf("sbx.nonsense.01.1")).not.toBeNull();
  });

  it("answers 404 for ids outside PortOne's alphabet or longer than 128", async () => {
    for (const id of ["a b", "한글", "x".repeat(129), "a%2Fb"]) {
      const answer = await fetchIdentityVerification(sandbox.url, id);
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ type: "IDENTITY_VERIFICATION_NOT_FOUND" });
    }
    expect((await fetchIdentityVerification(sandbox.url, "x".repeat(128))).status).not.toBe(404);
  });
});

describe("shapes on the wire", () => {
  it("serves a full VERIFIED record with every field PortOne sends", async () => {
    const id = idOf("full", 3, 1);
    const body = await bodyOf(id);
    expect(body).toMatchObject({
      status: "VERIFIED",
      id,
      version: "V2",
      channel: { type: "LIVE", pgProvider: expect.any(String), pgMerchantId: expect.any(String) },
      pgTxId: expect.any(String),
      pgRawResponse: expect.any(String),
    });
    for (const key of ["requestedAt", "updatedAt", "statusChangedAt", "verifiedAt"]) {
      expect(Number.isNaN(Date.parse(String(body[key])))).toBe(false);
    }
    const person = personOf("adult", 3);
    expect(body.verifiedCustomer).toMatchObject({
      name: person.name,
      birthDate: person.birthday,
      gender: person.gender.toUpperCase(),
      isForeigner: person.foreigner,
      ci: person.uniqueKey,
      phoneNumber: expect.stringMatching(/^010\d{8}$/),
      operator: expect.stringMatching(/^(SKT|KT|LGU)(_MVNO)?$/),
    });
  });

  it("leaves out or changes exactly what each shape names", async () => {
    const customer = async (shape: SandboxV2ShapeName) =>
      (await bodyOf(idOf(shape, 4, 2))).verifiedCustomer as Record<string, unknown>;
    const noPhone = await customer("no-phone");
    expect(noPhone).not.toHaveProperty("phoneNumber");
    expect(noPhone).not.toHaveProperty("operator");
    const noCi = await bodyOf(idOf("no-ci-di", 4, 2));
    expect(noCi.channel).toMatchObject({ pgProvider: "INICIS_UNIFIED" });
    expect(noCi.verifiedCustomer).not.toHaveProperty("ci");
    expect(noCi.verifiedCustomer).not.toHaveProperty("di");
    expect(await customer("no-birth-date")).not.toHaveProperty("birthDate");
    expect(await customer("gender-other")).toMatchObject({ gender: "OTHER" });
    expect(await customer("foreigner")).toMatchObject({ isForeigner: true });
    expect(await customer("lgu")).toMatchObject({ operator: "LGU" });
    expect(await customer("lgu-mvno")).toMatchObject({ operator: "LGU_MVNO" });
    const extra = await bodyOf(idOf("extra-fields", 4, 2));
    expect(extra).toMatchObject({ futureField: expect.anything(), customData: expect.any(String) });
    expect(extra.verifiedAt).toMatch(/\+09:00$/);
  });

  it("serves FAILED with a failure and READY with requestedCustomer, neither with a customer", async () => {
    const failed = await bodyOf(idOf("failed", 0, 3));
    expect(failed).toMatchObject({ status: "FAILED", failure: { reason: expect.any(String) } });
    expect(failed).not.toHaveProperty("verifiedCustomer");
    for (let i = 0; i < 3; i += 1) {
      const ready = await bodyOf(idOf("ready-forever", 0, 3));
      expect(ready).toMatchObject({ status: "READY", requestedCustomer: {} });
      expect(ready).not.toHaveProperty("verifiedCustomer");
    }
  });

  it("answers 404 IDENTITY_VERIFICATION_NOT_FOUND for the not-found shape", async () => {
    const answer = await fetchIdentityVerification(sandbox.url, idOf("not-found", 0, 1));
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      type: "IDENTITY_VERIFICATION_NOT_FOUND",
      message: expect.any(String),
    });
  });

  it("names the same person as the V1 id with the same pool and person number", async () => {
    const v1 = generateCertification(sandboxImpUid("full", 7, 1));
    const v2 = await bodyOf(idOf("foreigner", 7, 2));
    expect(v2.verifiedCustomer).toMatchObject({
      ci: v1?.unique_key,
      name: v1?.name,
      birthDate: v1?.birthday,
    });
  });
});

describe("READY then VERIFIED", () => {
  it("is READY for the first N served fetches (default 2), then VERIFIED", async () => {
    const id = idOf("ready-then-verified", 9, 1);
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await bodyOf(id)).status);
    expect(statuses).toEqual(["READY", "READY", "VERIFIED", "VERIFIED"]);
    const three = idOf("ready-then-verified", 9, 2, { fetches: 3 });
    for (let i = 0; i < 3; i += 1) expect((await bodyOf(three)).status).toBe("READY");
    expect((await bodyOf(three)).status).toBe("VERIFIED");
  });

  it("is READY for T ms from the first fetch, then VERIFIED; faulted fetches do not count", async () => {
    const id = idOf("ready-then-verified", 9, 3, { ms: 1000 });
    expect((await bodyOf(id)).status).toBe("READY");
    nowMs += 999;
    expect((await bodyOf(id)).status).toBe("READY");
    nowMs += 1;
    expect((await bodyOf(id)).status).toBe("VERIFIED");
    const counted = idOf("ready-then-verified", 9, 4, { fetches: 1 });
    const faulted = await fetchIdentityVerification(sandbox.url, counted, {
      "x-sandbox-fault": "503",
    });
    expect(faulted.status).toBe(503);
    expect((await bodyOf(counted)).status).toBe("READY");
    expect((await bodyOf(counted)).status).toBe("VERIFIED");
  });

  it("starts over after a reset", async () => {
    const id = idOf("ready-then-verified", 9, 5, { fetches: 1 });
    await bodyOf(id);
    expect((await bodyOf(id)).status).toBe("VERIFIED");
    sandbox.reset();
    expect((await bodyOf(id)).status).toBe("READY");
  });
});

describe("authorization and storeId", () => {
  it("answers 401 UNAUTHORIZED without the PortOne secret", async () => {
    const id = idOf("full", 1, 1);
    for (const authorization of [
      "",
      "PortOne wrong",
      "Bearer sandbox_v2_secret",
      "sandbox_v2_secret",
    ]) {
      const answer = await fetchIdentityVerification(sandbox.url, id, { authorization });
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ type: "UNAUTHORIZED" });
    }
    expect(sandbox.stats().identityVerificationRejected).toBe(4);
  });

  it("answers 403 FORBIDDEN for another storeId when configured with one", async () => {
    const store = await startSandbox({ storeId: "store-a", v2Secret: "other_secret" });
    try {
      const id = idOf("full", 1, 1);
      const auth = { authorization: "PortOne other_secret" };
      const wrong = await fetchIdentityVerification(store.url, id, auth, "?storeId=store-b");
      expect(wrong.status).toBe(403);
      expect(wrong.body).toMatchObject({ type: "FORBIDDEN" });
      expect(
        (await fetchIdentityVerification(store.url, id, auth, "?storeId=store-a")).status,
      ).toBe(200);
      expect((await fetchIdentityVerification(store.url, id, auth)).status).toBe(200);
      expect((await fetchIdentityVerification(store.url, id)).status).toBe(401);
    } finally {
      await store.close();
    }
    // Without a configured store, any storeId is accepted.
    expect(
      (await fetchIdentityVerification(sandbox.url, idOf("full", 1, 1), {}, "?storeId=x")).status,
    ).toBe(200);
  });
});

describe("control API and faults", () => {
  it("registers a record, a not-found and a raw answer per id, and forgets them", async () => {
    const record = { status: "VERIFIED", id: "mine", anything: [1] };
    expect(
      (
        await control(sandbox.url, "PUT", "/identity-verifications/mine", {
          kind: "record",
          identityVerification: record,
        })
      ).status,
    ).toBe(200);
    expect(await bodyOf("mine")).toEqual(record);
    await control(sandbox.url, "PUT", "/identity-verifications/gone", { kind: "not-found" });
    expect((await fetchIdentityVerification(sandbox.url, "gone")).status).toBe(404);
    await control(sandbox.url, "PUT", "/identity-verifications/raw", {
      kind: "raw",
      status: 502,
      contentType: "text/html",
      body: "<h1>bad gateway</h1>",
    });
    const raw = await fetchIdentityVerification(sandbox.url, "raw");
    expect([raw.status, raw.text]).toEqual([502, "<h1>bad gateway</h1>"]);
    expect((await control(sandbox.url, "DELETE", "/identity-verifications/mine")).body).toEqual({
      ok: true,
    });
    expect((await bodyOf("mine")).id).toBe("mine");
    const bad = await control(sandbox.url, "PUT", "/identity-verifications/x", { kind: "record" });
    expect(bad.status).toBe(400);
  });

  it("faults the next N fetches of one id, apart from V1 rules and other ids", async () => {
    const id = idOf("full", 2, 2);
    const added = await control(sandbox.url, "POST", `/identity-verifications/${id}/faults`, {
      fault: "503",
      times: 2,
    });
    expect(added.body).toEqual({ ok: true, pending: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await fetchIdentityVerification(sandbox.url, id)).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(sandbox.state.rules.pending(id)).toBe(0);
    const stats = sandbox.stats();
    expect(stats.identityVerificationCalls).toBe(3);
    expect(stats.identityVerificationCallsById).toEqual({ [id]: 3 });
    expect(stats.faultsInjected).toBe(2);
    expect(stats.certificationCalls).toBe(0);
  });

  it("plays X-Sandbox-Fault and per-run faults with V2 error bodies", async () => {
    const id = idOf("full", 2, 3);
    const limited = await fetchIdentityVerification(sandbox.url, id, {
      "x-sandbox-fault": "429,retry-after=3",
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(limited.body).toMatchObject({ type: expect.any(String) });
    const failing = await fetchIdentityVerification(sandbox.url, id, { "x-sandbox-fault": "500" });
    expect(failing.body).toMatchObject({ type: "INTERNAL_SERVER_ERROR" });
    await expect(
      fetchIdentityVerification(sandbox.url, id, { "x-sandbox-fault": "drop" }),
    ).rejects.toThrow();
    sandbox.setFaults({ errorRate: 1 });
    expect((await fetchIdentityVerification(sandbox.url, id)).status).toBe(500);
  });

  it("lists the V2 shapes", async () => {
    const answer = await control(sandbox.url, "GET", "/identity-verification-shapes");
    expect(answer.body).toEqual(JSON.parse(JSON.stringify(SANDBOX_V2_SHAPES)));
  });
});
