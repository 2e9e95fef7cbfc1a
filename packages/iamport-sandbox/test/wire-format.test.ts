import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningSandbox, sandboxImpUid, startSandbox } from "../src";
import {
  call,
  envelopeOf,
  fetchCertification,
  requestToken,
  type TokenResponse,
  tokenFor,
} from "./support/provider";

// A hand-driven clock, so token lifetimes are tested without waiting.
let nowMs = Date.UTC(2026, 10, 1, 3, 0, 0);
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ now: () => nowMs });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const full = sandboxImpUid("full", 1, 1);

describe("POST /users/getToken", () => {
  it("answers the envelope with a 40-hex token valid for 30 minutes", async () => {
    const answer = await requestToken(sandbox.url);
    expect(answer.status).toBe(200);
    const envelope = envelopeOf<TokenResponse>(answer);
    expect(envelope.code).toBe(0);
    expect(envelope.message).toBeNull();
    expect(envelope.response.access_token).toMatch(/^[0-9a-f]{40}$/);
    expect(envelope.response.now).toBe(nowMs / 1000);
    expect(envelope.response.expired_at - envelope.response.now).toBe(1800);
  });

  it("accepts a form-encoded body", async () => {
    const answer = await call(sandbox.url, "/users/getToken", {
      method: "POST",
      body: new URLSearchParams({ imp_key: "sandbox_key", imp_secret: "sandbox_secret" }),
    });
    expect(answer.status).toBe(200);
    expect(envelopeOf<TokenResponse>(answer).response.access_token).toMatch(/^[0-9a-f]{40}$/);
  });

  it("answers 401 with code -1 for a wrong secret or missing credentials", async () => {
    const bodies: Record<string, string>[] = [{ imp_key: "sandbox_key", imp_secret: "nope" }, {}];
    for (const body of bodies) {
      const answer = await requestToken(sandbox.url, body);
      expect(answer.status).toBe(401);
      expect(envelopeOf(answer)).toMatchObject({ code: -1, response: null });
    }
    expect(sandbox.stats().tokensIssued).toBe(0);
  });

  it("returns the same token and expiry when asked again before expiry", async () => {
    const first = envelopeOf<TokenResponse>(await requestToken(sandbox.url)).response;
    nowMs += 10 * 60_000;
    const second = envelopeOf<TokenResponse>(await requestToken(sandbox.url)).response;
    expect(second.access_token).toBe(first.access_token);
    expect(second.expired_at).toBe(first.expired_at);
    expect(second.now).toBe(first.now + 600);
    expect(sandbox.stats()).toMatchObject({ getTokenCalls: 2, tokensIssued: 1 });
  });

  it("extends expired_at by 5 minutes when under a minute is left", async () => {
    const first = envelopeOf<TokenResponse>(await requestToken(sandbox.url)).response;
    nowMs += (1800 - 30) * 1000;
    const second = envelopeOf<TokenResponse>(await requestToken(sandbox.url)).response;
    expect(second.access_token).toBe(first.access_token);
    expect(second.expired_at).toBe(first.expired_at + 300);
  });

  it("issues a new token after expiry and rejects the old one", async () => {
    const first = envelopeOf<TokenResponse>(await requestToken(sandbox.url)).response;
    nowMs += 1800 * 1000;
    expect((await fetchCertification(sandbox.url, full, first.access_token)).status).toBe(401);
    const second = envelopeOf<TokenResponse>(await requestToken(sandbox.url)).response;
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.expired_at - second.now).toBe(1800);
    expect(sandbox.stats().tokensIssued).toBe(2);
  });
});

describe("GET /certifications/:imp_uid", () => {
  it("accepts Bearer, bare Authorization and X-ImpTokenHeader", async () => {
    const token = await tokenFor(sandbox.url);
    const forms: Record<string, string>[] = [
      { authorization: `Bearer ${token}` },
      { authorization: token },
      { "x-imptokenheader": token },
    ];
    for (const headers of forms) {
      const answer = await call(sandbox.url, `/certifications/${full}`, { headers });
      expect(answer.status).toBe(200);
      expect(envelopeOf(answer)).toMatchObject({
        code: 0,
        message: null,
        response: { imp_uid: full },
      });
    }
  });

  it("answers 401 without a token or with an unknown one", async () => {
    const missing: Record<string, string>[] = [
      {},
      { authorization: "Bearer 0123456789abcdef0123456789abcdef01234567" },
    ];
    for (const headers of missing) {
      const answer = await call(sandbox.url, `/certifications/${full}`, { headers });
      expect(answer.status).toBe(401);
      expect(envelopeOf(answer)).toMatchObject({ code: -1, response: null });
    }
    expect(sandbox.stats().unauthorized).toBe(2);
  });

  it("answers the provider's 404 envelope for unknown ids", async () => {
    const token = await tokenFor(sandbox.url);
    for (const impUid of [sandboxImpUid("not-found", 3, 9), "imp_abc", "something-else"]) {
      const answer = await fetchCertification(sandbox.url, impUid, token);
      expect(answer.status).toBe(404);
      expect(answer.text).toBe(
        '{"code":-1,"message":"인증결과가 존재하지 않습니다.","response":null}',
      );
    }
  });

  it("checks the token before saying whether a record exists", async () => {
    const answer = await call(sandbox.url, `/certifications/${sandboxImpUid("not-found")}`);
    expect(answer.status).toBe(401);
  });
});

describe("DELETE /certifications/:imp_uid", () => {
  it("returns the record and removes it", async () => {
    const token = await tokenFor(sandbox.url);
    const removed = await call(sandbox.url, `/certifications/${full}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(removed.status).toBe(200);
    expect(envelopeOf(removed)).toMatchObject({ code: 0, response: { imp_uid: full } });
    expect((await fetchCertification(sandbox.url, full, token)).status).toBe(404);
    expect(sandbox.stats().deleteCalls).toBe(1);
  });
});

it("answers unknown paths with a 404 envelope", async () => {
  const answer = await call(sandbox.url, "/payments/imp_1");
  expect(answer.status).toBe(404);
  expect(envelopeOf(answer)).toMatchObject({ code: -1, response: null });
});
