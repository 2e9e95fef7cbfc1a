import {
  generateIdentityVerification,
  sandboxIdentityVerificationId as idOf,
  type RunningSandbox,
} from "@cert/iamport-sandbox";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type IdentityVerificationClient, PortOneInvalidResponseError } from "../src";
import { clientFor, portOneFailure, startTestSandbox } from "./support/harness";

let sandbox: RunningSandbox;
let client: IdentityVerificationClient;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  client = clientFor(sandbox);
});
afterAll(async () => {
  await client.close();
  await sandbox.close();
});
beforeEach(() => sandbox.reset());

type Raw = Record<string, unknown> & { verifiedCustomer: Record<string, unknown> };

/** Registers a generated VERIFIED verification, changed by `change`, through the control API. */
async function serve(n: number, change: (raw: Raw) => void): Promise<string> {
  const id = idOf("full", n, n);
  const raw = structuredClone(generateIdentityVerification(id)) as unknown as Raw;
  expect(raw.status).toBe("VERIFIED");
  change(raw);
  const put = await fetch(`${sandbox.url}/__sandbox/identity-verifications/${id}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ kind: "record", identityVerification: raw }),
  });
  expect(put.status).toBe(200);
  return id;
}

async function refusal(id: string): Promise<PortOneInvalidResponseError> {
  const error = await portOneFailure(client.getIdentityVerification(id));
  expect(error).toBeInstanceOf(PortOneInvalidResponseError);
  return error as PortOneInvalidResponseError;
}

describe("V2 answers out of bounds", () => {
  it("refuses a 500 KB name (the body is over the client's cap) without the value", async () => {
    const error = await refusal(
      await serve(1, (raw) => {
        raw.verifiedCustomer.name = "x".repeat(500 * 1024);
      }),
    );
    expect(error.code).toBe("too_large");
    expect(error.message).not.toContain("xxxx");
  });

  it("refuses a 101-character name as schema_mismatch at the name, not retryable", async () => {
    const name = "x".repeat(101);
    const error = await refusal(
      await serve(8, (raw) => {
        raw.verifiedCustomer.name = name;
      }),
    );
    expect(error.code).toBe("schema_mismatch");
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("verifiedCustomer.name");
    expect(error.message).not.toContain(name);
  });

  it.each([
    ["ci", "A".repeat(89)],
    ["di", "B".repeat(65)],
    ["phoneNumber", "0".repeat(21)],
  ])("refuses an oversized verifiedCustomer.%s", async (field, value) => {
    const error = await refusal(
      await serve(2, (raw) => {
        raw.verifiedCustomer[field] = value;
      }),
    );
    expect(error.message).toContain(`verifiedCustomer.${field}`);
    expect(error.message).not.toContain(value);
  });

  it("refuses an oversized pgTxId and channel.pgProvider", async () => {
    const tx = await refusal(
      await serve(3, (raw) => {
        raw.pgTxId = "t".repeat(101);
      }),
    );
    expect(tx.message).toContain("pgTxId");
    const pg = await refusal(
      await serve(4, (raw) => {
        raw.channel = { pgProvider: "p".repeat(41) };
      }),
    );
    expect(pg.message).toContain("channel.pgProvider");
  });

  it("refuses a verifiedAt in 2100 or 11 minutes ahead, accepts 5 minutes ahead", async () => {
    const far = await refusal(
      await serve(5, (raw) => {
        raw.verifiedAt = "2100-01-01T00:00:00Z";
      }),
    );
    expect(far.code).toBe("schema_mismatch");
    expect(far.retryable).toBe(false);
    expect(far.message).toContain("verifiedAt");
    expect(far.message).not.toContain("2100");
    const ahead = new Date(Date.now() + 660_000).toISOString();
    const soon = await refusal(
      await serve(6, (raw) => {
        raw.verifiedAt = ahead;
      }),
    );
    expect(soon.message).toContain("verifiedAt");
    const skewed = new Date(Date.now() + 300_000).toISOString();
    const ok = await client.getIdentityVerification(
      await serve(7, (raw) => {
        raw.verifiedAt = skewed;
      }),
    );
    expect(ok.verifiedAt?.toISOString()).toBe(skewed);
  });
});
