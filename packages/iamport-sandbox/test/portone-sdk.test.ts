import { IdentityVerification, PortOneClient, PortOneError } from "@portone/server-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  generateIdentityVerification,
  sandboxIdentityVerificationId as idOf,
  type RunningSandbox,
  SANDBOX_V2_SECRET,
  SANDBOX_V2_SHAPES,
  startSandbox,
} from "../src";

// The official PortOne V2 server SDK must read everything the sandbox serves.
let sandbox: RunningSandbox;
let sdk: ReturnType<typeof PortOneClient>;

beforeAll(async () => {
  sandbox = await startSandbox({ storeId: "store-sandbox" });
  sdk = PortOneClient({ secret: SANDBOX_V2_SECRET, baseUrl: sandbox.url });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const STATUS: Record<string, string> = { failed: "FAILED", "ready-forever": "READY" };

/** Fields the SDK's types declare required (0.19.0 `*IdentityVerification`, `SelectedChannel`). */
const REQUIRED: Record<string, readonly string[]> = {
  VERIFIED: [
    "id",
    "verifiedCustomer",
    "requestedAt",
    "updatedAt",
    "statusChangedAt",
    "verifiedAt",
    "pgTxId",
    "pgRawResponse",
    "version",
  ],
  READY: ["id", "requestedCustomer", "requestedAt", "updatedAt", "statusChangedAt", "version"],
  FAILED: [
    "id",
    "requestedCustomer",
    "requestedAt",
    "updatedAt",
    "statusChangedAt",
    "failure",
    "version",
  ],
};
const CHANNEL_REQUIRED = ["type", "pgProvider", "pgMerchantId"];

describe("@portone/server-sdk getIdentityVerification", () => {
  for (const shape of SANDBOX_V2_SHAPES.filter((s) => s.name !== "not-found")) {
    it(`reads the ${shape.name} shape`, async () => {
      const id = idOf(shape.name, 11, 7);
      const read = await sdk.identityVerification.getIdentityVerification({
        identityVerificationId: id,
        storeId: "store-sandbox",
      });
      expect(IdentityVerification.isUnrecognizedIdentityVerification(read)).toBe(false);
      const first =
        shape.name === "ready-then-verified" ? "READY" : (STATUS[shape.name] ?? "VERIFIED");
      expect(read.status).toBe(first);
      const firstFetch = { served: 0, elapsedMs: 0 };
      expect(read).toEqual(generateIdentityVerification(id, firstFetch));
      for (const key of REQUIRED[first] ?? []) expect(read).toHaveProperty(key);
      if ("channel" in read && read.channel !== undefined) {
        for (const key of CHANNEL_REQUIRED) expect(read.channel).toHaveProperty(key);
      }
      if (read.status === "VERIFIED") expect(typeof read.verifiedCustomer.name).toBe("string");
    });
  }

  it("reads READY then VERIFIED through the SDK", async () => {
    const client = IdentityVerification.IdentityVerificationClient({
      secret: SANDBOX_V2_SECRET,
      baseUrl: sandbox.url,
    });
    const id = idOf("ready-then-verified", 3, 1, { fetches: 1 });
    expect((await client.getIdentityVerification({ identityVerificationId: id })).status).toBe(
      "READY",
    );
    expect((await client.getIdentityVerification({ identityVerificationId: id })).status).toBe(
      "VERIFIED",
    );
  });

  it("raises the SDK's not-found error for the not-found shape", async () => {
    const id = idOf("not-found", 0, 1);
    const error = await sdk.identityVerification
      .getIdentityVerification({ identityVerificationId: id })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(IdentityVerification.GetIdentityVerificationError);
    expect(error).toBeInstanceOf(PortOneError);
    expect((error as IdentityVerification.GetIdentityVerificationError).data.type).toBe(
      "IDENTITY_VERIFICATION_NOT_FOUND",
    );
  });

  it("raises the SDK's UNAUTHORIZED and FORBIDDEN errors", async () => {
    const wrong = PortOneClient({ secret: "wrong", baseUrl: sandbox.url });
    const typeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (e: IdentityVerification.GetIdentityVerificationError) => e.data.type,
      );
    const id = idOf("full", 1, 1);
    expect(
      await typeOf(
        wrong.identityVerification.getIdentityVerification({ identityVerificationId: id }),
      ),
    ).toBe("UNAUTHORIZED");
    expect(
      await typeOf(
        sdk.identityVerification.getIdentityVerification({
          identityVerificationId: id,
          storeId: "other",
        }),
      ),
    ).toBe("FORBIDDEN");
  });
});
