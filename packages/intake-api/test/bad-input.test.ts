import { isImpUid } from "@cert/queue";
import { useTestDatabase } from "@cert/testing";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { errorCode, postForm, postJson, type RawResponse, send } from "./http-client";
import { type IntakeFixture, startIntake } from "./intake-fixture";

/**
 * Property-based abuse of the intake: whatever arrives, the answer is the
 * right 4xx JSON error and nothing reaches the queue.
 */

const db = useTestDatabase();
let intake: IntakeFixture;
const NUM_RUNS = 60;

beforeAll(async () => {
  intake = await startIntake({
    databaseUrl: db.url,
    config: { redirectUrl: "https://shop.example/done" },
  });
});

afterAll(() => intake?.close());

afterEach(async () => {
  expect(await intake.jobCount()).toBe(0);
});

function expectError(response: RawResponse, status: number, code: string): void {
  expect({ status: response.status, code: errorCode(response) }).toEqual({ status, code });
  expect(String(response.headers["content-type"])).toMatch(/^application\/json/);
  expect(Object.keys(response.json as object)).toEqual(["error"]);
}

/** Strings with unicode, control characters, lone surrogates and near-miss imp_uids. */
const nastyString = fc
  .oneof(
    fc.string({ unit: "binary", maxLength: 64 }),
    fc.string({
      unit: fc.constantFrom(
        "\u0000",
        "\n",
        "\r",
        "\t",
        "\u202e",
        "\ufeff",
        "%",
        "&",
        "=",
        "/",
        ".",
        "\\",
      ),
      maxLength: 16,
    }),
    fc
      .tuple(
        fc.constantFrom("imp_", "IMP_", " imp_", "imp-", "imp_-", "imp_+"),
        fc.string({ unit: "binary", maxLength: 40 }),
      )
      .map(([a, b]) => a + b),
    fc.stringMatching(/^imp_[0-9]{29,60}$/),
    fc.constantFrom(
      "imp_",
      "imp_１２３",
      "imp_123\n",
      "imp_123\u0000",
      "imp_12 3",
      "imp_123/..",
      "../imp_123",
    ),
  )
  .filter((value) => !isImpUid(value));

/** Anything JSON can hold where a string belongs, and strings that are not imp_uids. */
const notAnImpUid = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue(), { maxLength: 4 }),
  fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }),
  fc.constant(["imp_123"]),
  fc.constant({ imp_uid: "imp_123" }),
);

describe("POST /certifications with bad input", () => {
  it("answers 400 invalid_json to bodies that are not a JSON object or array", async () => {
    // (An empty body is no JSON value at all, so it is simply missing its imp_uid: see below.)
    const notJson = fc.string({ unit: "binary", maxLength: 200 }).filter((text) => {
      if (text === "") return false;
      try {
        const parsed: unknown = JSON.parse(text);
        return typeof parsed !== "object" || parsed === null;
      } catch {
        return true;
      }
    });
    await fc.assert(
      fc.asyncProperty(notJson, async (text) => {
        expectError(await postJson(intake.origin, text, true), 400, "invalid_json");
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("answers 400 invalid_imp_uid when imp_uid is anything but an imp_uid string", async () => {
    await fc.assert(
      fc.asyncProperty(notAnImpUid, async (value) => {
        expectError(await postJson(intake.origin, { imp_uid: value }), 400, "invalid_imp_uid");
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("answers 400 invalid_imp_uid to JSON values that are not an object with imp_uid", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.array(fc.jsonValue()), fc.object()), async (value) => {
        expectError(await postJson(intake.origin, value), 400, "invalid_imp_uid");
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("answers 400 invalid_imp_uid to forms whose imp_uid is missing, repeated or malformed", async () => {
    const form = fc.oneof(
      nastyString.map((value) => `imp_uid=${encodeURIComponent(value)}`),
      fc.constant("imp_uid=imp_1&imp_uid=imp_2"),
      fc.constant("imp_uid[]=imp_1"),
      fc.constant("imp_uid[a]=imp_1"),
      fc.constant(""),
      fc.string({ unit: "binary", maxLength: 100 }).filter((text) => !text.includes("imp_uid")),
    );
    await fc.assert(
      fc.asyncProperty(form, async (body) => {
        expectError(await postForm(intake.origin, body), 400, "invalid_imp_uid");
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("answers 415 unsupported_media_type to other content types, charsets and encodings", async () => {
    const contentType = fc.oneof(
      fc.stringMatching(/^[a-z]{1,12}\/[a-z0-9.+-]{1,20}$/),
      fc.constantFrom(
        "text/plain",
        "text/json",
        "application/xml",
        "application/jsonp",
        "multipart/form-data; boundary=x",
        "application/json; charset=utf-16",
        "application/json; charset=latin1",
        "application/x-www-form-urlencoded; charset=shift_jis",
        'application/json; charset="utf-16le"',
        "application/json; charset=utf-8x",
      ),
    );
    const headers = contentType
      .filter((type) => !/^application\/(json|x-www-form-urlencoded)$/.test(type))
      .map((type) => ({ "content-type": type }));
    const compressed = fc
      .constantFrom("gzip", "deflate", "br", "x-bogus")
      .map((encoding) => ({ "content-type": "application/json", "content-encoding": encoding }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(headers, compressed), async (requestHeaders) => {
        const response = await send(intake.origin, {
          method: "POST",
          path: "/certifications",
          headers: requestHeaders,
          body: '{"imp_uid":"imp_123"}',
        });
        expectError(response, 415, "unsupported_media_type");
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("answers 400 invalid_imp_uid to an empty JSON body", async () => {
    expectError(await postJson(intake.origin, "", true), 400, "invalid_imp_uid");
  });

  it("answers 415 to a body without a content type", async () => {
    const response = await send(intake.origin, {
      method: "POST",
      path: "/certifications",
      body: '{"imp_uid":"imp_123"}',
    });
    expectError(response, 415, "unsupported_media_type");
  });

  it("answers 413 payload_too_large to bodies over 4 KiB, declared or chunked", async () => {
    const size = fc.integer({ min: 4097, max: 2 * 1024 * 1024 });
    await fc.assert(
      fc.asyncProperty(size, fc.boolean(), fc.boolean(), async (bytes, chunked, form) => {
        const body = form
          ? `imp_uid=imp_123&pad=${"x".repeat(bytes)}`
          : `{"imp_uid":"imp_123","pad":"${"x".repeat(bytes)}"}`;
        const response = await send(intake.origin, {
          method: "POST",
          path: "/certifications",
          headers: {
            "content-type": form ? "application/x-www-form-urlencoded" : "application/json",
          },
          body,
          chunked,
        });
        expectError(response, 413, "payload_too_large");
      }),
      { numRuns: 20 },
    );
  });
});

describe("GET routes with bad input", () => {
  it("answers 400 invalid_imp_uid to any path segment that is not an imp_uid", async () => {
    const segment = nastyString.filter((value) => value !== "" && value !== "redirect");
    await fc.assert(
      fc.asyncProperty(segment, async (value) => {
        const response = await send(intake.origin, {
          path: `/certifications/${encodeURIComponent(value)}`,
        });
        expectError(response, 400, "invalid_imp_uid");
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("answers path traversal attempts with 400 or 404, never with a file or a job", async () => {
    const cases: Array<[string, number, string]> = [
      ["/certifications/..", 400, "invalid_imp_uid"],
      ["/certifications/%2e%2e", 400, "invalid_imp_uid"],
      ["/certifications/..%2F..%2Fetc%2Fpasswd", 400, "invalid_imp_uid"],
      ["/certifications/imp_123%2F..%2F..", 400, "invalid_imp_uid"],
      ["/certifications/imp_123%00", 400, "invalid_imp_uid"],
      ["/certifications/%E0%A4%A", 400, "invalid_url"],
      ["/certifications/../../etc/passwd", 404, "not_found"],
      ["/certifications/imp_123/..", 404, "not_found"],
    ];
    for (const [path, status, code] of cases) {
      expectError(await send(intake.origin, { path }), status, code);
    }
  });

  it("answers 400 invalid_imp_uid to redirect queries that inject parameters or carry no imp_uid", async () => {
    const injected = fc.oneof(
      nastyString.map((value) => `imp_uid=${encodeURIComponent(value)}`),
      fc
        .constantFrom("&redirect=https://evil.example", "&status=completed", "#x", "?a=b")
        .map((tail) => `imp_uid=${encodeURIComponent(`imp_123${tail}`)}`),
      fc.constant("imp_uid=imp_1&imp_uid=imp_2"),
      fc.constant("imp_uid[]=imp_1"),
      fc.constant("redirect=https://evil.example"),
      fc.constant(""),
    );
    await fc.assert(
      fc.asyncProperty(injected, async (query) => {
        const response = await send(intake.origin, { path: `/certifications/redirect?${query}` });
        expectError(response, 400, "invalid_imp_uid");
        expect(response.headers.location).toBeUndefined();
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("answers unknown routes and methods with a JSON 404", async () => {
    for (const [method, path] of [
      ["GET", "/"],
      ["GET", "/certifications"],
      ["PUT", "/certifications/imp_123"],
      ["DELETE", "/certifications/imp_123"],
      ["GET", "/admin/queues"],
    ]) {
      expectError(await send(intake.origin, { method, path }), 404, "not_found");
    }
  });
});

describe("after all of it", () => {
  it("counted the rejections by code in /metrics", async () => {
    const metrics = (await send(intake.origin, { path: "/metrics" })).text;
    for (const code of [
      "invalid_json",
      "invalid_imp_uid",
      "unsupported_media_type",
      "payload_too_large",
    ]) {
      expect(metrics).toMatch(new RegExp(`cert_intake_rejected_total\\{code="${code}"\\} [1-9]`));
    }
    expect(metrics).toMatch(/cert_intake_accepted_total 0/);
  });
});
