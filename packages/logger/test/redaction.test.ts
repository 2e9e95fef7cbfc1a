import { describe, expect, it } from "vitest";
import { createLogger, type DestinationStream, type Logger } from "../src/index";

/** A certification as the provider returns it (`response` of GET /certifications/{imp_uid}). */
const certification = {
  imp_uid: "imp_123456789012",
  merchant_uid: "order_1",
  pg_provider: "danal",
  name: "홍길동",
  gender: "male",
  birthday: "1990-03-15",
  birth: 637426800,
  phone: "01012345678",
  carrier: "SKT",
  foreigner: false,
  certified: true,
  unique_key: "CI-mXQ1o2ZlK9vQ==",
  unique_in_site: "DI-Zx81pQ==",
};

const PERSONAL_VALUES = [
  "홍길동",
  "1990-03-15",
  "637426800",
  "01012345678",
  "CI-mXQ1o2ZlK9vQ",
  "DI-Zx81pQ",
];

function capture(): {
  logger: Logger;
  lines: () => Array<Record<string, unknown>>;
  raw: () => string;
} {
  const chunks: string[] = [];
  const destination: DestinationStream = { write: (chunk) => void chunks.push(chunk) };
  return {
    logger: createLogger({ name: "test", destination }),
    raw: () => chunks.join(""),
    lines: () => chunks.map((chunk) => JSON.parse(chunk) as Record<string, unknown>),
  };
}

function expectNoPersonalValues(raw: string): void {
  for (const value of PERSONAL_VALUES) expect(raw).not.toContain(value);
}

function expectNoPersonalData(raw: string): void {
  expectNoPersonalValues(raw);
  expect(raw).toContain("[redacted]");
}

describe("redaction of a certification logged by mistake", () => {
  it("at the top level", () => {
    const { logger, raw, lines } = capture();
    logger.info(certification, "fetched");
    expectNoPersonalData(raw());
    expect(lines()[0]).toMatchObject({
      name: "[redacted]",
      phone: "[redacted]",
      imp_uid: "imp_123456789012",
      service: "test",
      msg: "fetched",
    });
  });

  it.each(["cert", "data"])("nested under %s", (key) => {
    const { logger, raw, lines } = capture();
    logger.info({ [key]: certification });
    expectNoPersonalData(raw());
    expect(lines()[0]?.[key]).toMatchObject({ imp_uid: "imp_123456789012", gender: "male" });
  });

  it("two levels deep", () => {
    const { logger, raw } = capture();
    logger.info({ job: { data: certification } });
    expectNoPersonalData(raw());
  });

  it("as the whole certification or provider response", () => {
    const { logger, raw, lines } = capture();
    logger.info({ certification, result: { response: certification } });
    expectNoPersonalData(raw());
    expect(lines()[0]).toMatchObject({
      certification: "[redacted]",
      result: { response: "[redacted]" },
    });
  });

  it("attached to an error as err.response", () => {
    const { logger, raw, lines } = capture();
    const error = Object.assign(new Error("provider answered 500"), {
      code: "iamport_transient",
      retryable: true,
      response: { code: 0, message: null, response: certification },
    });
    logger.error({ err: error }, "fetch failed");
    // The error serializer drops the attached response entirely.
    expectNoPersonalValues(raw());
    expect(lines()[0]?.err).toEqual({
      type: "Error",
      message: "provider answered 500",
      code: "iamport_transient",
      retryable: true,
      stack: expect.stringContaining("provider answered 500"),
    });
  });

  it("as a plain object under err", () => {
    const { logger, raw } = capture();
    logger.error({ err: { message: "oops", response: certification } });
    expectNoPersonalData(raw());
  });
});

describe("redaction of secrets", () => {
  it("an Authorization header in req", () => {
    const { logger, raw, lines } = capture();
    logger.info({
      req: {
        method: "GET",
        url: "/admin/queues",
        headers: { authorization: "Bearer admin-token-123456" },
      },
    });
    expect(raw()).not.toContain("admin-token-123456");
    expect(lines()[0]).toMatchObject({
      req: { url: "/admin/queues", headers: { authorization: "[redacted]" } },
    });
  });

  it("provider credentials and tokens", () => {
    const { logger, raw } = capture();
    logger.info({ imp_key: "key-1234", imp_secret: "secret-5678" });
    logger.info({ token: { access_token: "tok-abcdef", expired_at: 1 } });
    logger.info({ iamport: { apiKey: "key-1234", apiSecret: "secret-5678" } });
    for (const secret of ["key-1234", "secret-5678", "tok-abcdef"]) {
      expect(raw()).not.toContain(secret);
    }
  });
});

describe("createLogger", () => {
  it("writes JSON lines with the service name, level label and message", () => {
    const { logger, lines } = capture();
    logger.warn({ imp_uid: "imp_1" }, "slow provider");
    expect(lines()[0]).toMatchObject({
      level: "warn",
      service: "test",
      imp_uid: "imp_1",
      msg: "slow provider",
    });
  });

  it("drops lines below the level", () => {
    const chunks: string[] = [];
    const logger = createLogger({
      name: "quiet",
      level: "warn",
      destination: { write: (c) => void chunks.push(c) },
    });
    logger.info("hidden");
    logger.error("shown");
    expect(chunks).toHaveLength(1);
  });

  it("pretty output is still redacted", async () => {
    const chunks: string[] = [];
    const { PassThrough } = await import("node:stream");
    const destination = new PassThrough();
    destination.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
    const logger = createLogger({ name: "dev", pretty: true, destination });
    logger.info({ cert: certification }, "pretty line");
    await new Promise((resolve) => setImmediate(resolve));
    const text = chunks.join("");
    expect(text).toContain("pretty line");
    expectNoPersonalValues(text);
  });
});
