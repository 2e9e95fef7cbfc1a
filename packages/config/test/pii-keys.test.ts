import { randomBytes } from "node:crypto";
import { generateKeys } from "@cert/pii";
import { describe, expect, it } from "vitest";
import { loadPiiCommandConfig, loadWorkerConfig, SECRET_VARIABLES } from "../src/index";
import { configError } from "./config-error";

const DATABASE_URL = "postgres://app:pw@127.0.0.1:5432/app";
const WORKER = { DATABASE_URL, IAMPORT_API_KEY: "key", IAMPORT_API_SECRET: "secret" };

const shortKey = randomBytes(16).toString("base64");

describe("personal-data keys", () => {
  it("are required by the worker and the pii commands, named without their values", () => {
    for (const load of [
      () => loadWorkerConfig(WORKER),
      () => loadPiiCommandConfig({ DATABASE_URL }),
    ]) {
      const error = configError(load);
      expect(error.variables).toEqual(["PII_ENCRYPTION_KEYS", "PII_HMAC_KEY"]);
      expect(error.message.split("\n")).toHaveLength(1);
    }
  });

  it.each([
    ["a key of 16 bytes", { PII_ENCRYPTION_KEYS: `k1:${shortKey}` }, "PII_ENCRYPTION_KEYS"],
    ["a key without id", { PII_ENCRYPTION_KEYS: shortKey }, "PII_ENCRYPTION_KEYS"],
    ["a key that is not base64", { PII_ENCRYPTION_KEYS: "k1:%%%%" }, "PII_ENCRYPTION_KEYS"],
    ["a short HMAC key", { PII_HMAC_KEY: shortKey }, "PII_HMAC_KEY"],
  ])("refuse %s in one line naming the variable, never the value", (_case, bad, variable) => {
    const error = configError(() => loadWorkerConfig({ ...WORKER, ...generateKeys(), ...bad }));
    expect(error.variables).toEqual([variable]);
    expect(error.message).toMatch(new RegExp(`^Invalid configuration: ${variable} [^\\n]+$`));
    expect(error.message).not.toContain(shortKey);
  });

  it("are kept as given for the cipher, and are secrets", () => {
    const keys = generateKeys("2027a");
    expect(loadWorkerConfig({ ...WORKER, ...keys }).pii).toEqual(keys);
    expect(loadPiiCommandConfig({ DATABASE_URL, ...keys })).toMatchObject({ pii: keys });
    expect(SECRET_VARIABLES).toEqual(
      expect.arrayContaining(["PII_ENCRYPTION_KEYS", "PII_HMAC_KEY"]),
    );
  });

  it("PII_RETENTION_DAYS is an optional positive integer", () => {
    const env = { ...WORKER, ...generateKeys() };
    expect(loadWorkerConfig(env).retentionDays).toBeUndefined();
    expect(loadWorkerConfig({ ...env, PII_RETENTION_DAYS: "365" }).retentionDays).toBe(365);
    for (const bad of ["0", "-3", "1.5", "forever"]) {
      expect(
        configError(() => loadWorkerConfig({ ...env, PII_RETENTION_DAYS: bad })).variables,
      ).toEqual(["PII_RETENTION_DAYS"]);
    }
  });
});
