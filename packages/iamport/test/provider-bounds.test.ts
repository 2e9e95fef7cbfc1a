import { generateCertification, type RunningSandbox, sandboxImpUid } from "@cert/iamport-sandbox";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type IamportClient, IamportInvalidResponseError } from "../src";
import { clientFor, startTestSandbox } from "./support/harness";

let sandbox: RunningSandbox;
let client: IamportClient;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  client = clientFor(sandbox);
});
afterAll(async () => {
  await client.close();
  await sandbox.close();
});
beforeEach(() => sandbox.reset());

/** Registers a generated certification with `changes` through the sandbox's control API. */
async function serve(n: number, changes: Record<string, unknown>): Promise<string> {
  const impUid = sandboxImpUid("full", n, n);
  const certification = { ...generateCertification(impUid), ...changes };
  const put = await fetch(`${sandbox.url}/__sandbox/certifications/${impUid}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ kind: "record", certification }),
  });
  expect(put.status).toBe(200);
  return impUid;
}

async function refusal(impUid: string): Promise<IamportInvalidResponseError> {
  const error = await client.getCertification(impUid).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(IamportInvalidResponseError);
  return error as IamportInvalidResponseError;
}

describe("provider answers out of bounds", () => {
  it("refuses a 500 KB name as schema_mismatch at name, not retryable, without the value", async () => {
    const name = "x".repeat(500 * 1024);
    const error = await refusal(await serve(1, { name }));
    expect(error.code).toBe("schema_mismatch");
    expect(error.field).toBe("name");
    expect(error.retryable).toBe(false);
    expect(error.message.length).toBeLessThan(200);
    expect(error.message).not.toContain("xxxx");
  });

  it.each([
    ["unique_key", "A".repeat(89)],
    ["unique_in_site", "B".repeat(65)],
    ["phone", "0".repeat(21)],
    ["merchant_uid", "m".repeat(81)],
    ["pg_tid", "t".repeat(101)],
    ["pg_provider", "p".repeat(41)],
  ])("refuses an oversized %s", async (field, value) => {
    const error = await refusal(await serve(2, { [field]: value }));
    expect(error.code).toBe("schema_mismatch");
    expect(error.field).toBe(field);
    expect(error.message).not.toContain(value);
  });

  it("accepts a CI of exactly 88 characters and a DI of 64", async () => {
    const ci = "C".repeat(88);
    const certification = await client.getCertification(
      await serve(3, { unique_key: ci, unique_in_site: "D".repeat(64) }),
    );
    expect(certification.uniqueKey).toBe(ci);
  });

  it("refuses a certified_at in 2100 and accepts one 5 minutes ahead (clock skew)", async () => {
    const in2100 = Math.floor(Date.UTC(2100, 0, 1) / 1000);
    const error = await refusal(await serve(4, { certified_at: in2100 }));
    expect(error.code).toBe("schema_mismatch");
    expect(error.field).toBe("certified_at");
    expect(error.message).not.toContain(String(in2100));

    const skewed = Math.floor(Date.now() / 1000) + 300;
    const ok = await client.getCertification(await serve(5, { certified_at: skewed }));
    expect(ok.certifiedAt?.getTime()).toBe(skewed * 1000);
  });

  it("refuses a certified_at 11 minutes ahead", async () => {
    const ahead = Math.floor(Date.now() / 1000) + 660;
    const error = await refusal(await serve(6, { certified_at: ahead }));
    expect(error.field).toBe("certified_at");
  });
});
