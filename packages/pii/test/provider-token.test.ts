import { describe, expect, it } from "vitest";
import { providerTokenSealer } from "../src/index";

const TOKEN = "a1b2c3d4e5f6-access-token-value";

describe("providerTokenSealer", () => {
  it("seals a token so the cached text does not contain it, and opens it again", () => {
    const sealer = providerTokenSealer("provider-secret", "iamport");
    const cached = sealer.seal(TOKEN);
    expect(cached).not.toContain(TOKEN);
    expect(cached).toMatch(/^v1:provider-token:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(sealer.seal(TOKEN)).not.toBe(cached);
    expect(sealer.open(cached)).toBe(TOKEN);
    // A new sealer from the same secret (another worker process) opens it too.
    expect(providerTokenSealer("provider-secret", "iamport").open(cached)).toBe(TOKEN);
  });

  it("treats another secret, another provider, tampering or junk as a cache miss", () => {
    const cached = providerTokenSealer("provider-secret", "iamport").seal(TOKEN);
    expect(providerTokenSealer("rotated-secret", "iamport").open(cached)).toBeUndefined();
    expect(providerTokenSealer("provider-secret", "portone").open(cached)).toBeUndefined();
    const sealer = providerTokenSealer("provider-secret", "iamport");
    const parts = cached.split(":");
    const bytes = Buffer.from(parts[3] ?? "", "base64url");
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    parts[3] = bytes.toString("base64url");
    expect(sealer.open(parts.join(":"))).toBeUndefined();
    expect(sealer.open(TOKEN)).toBeUndefined();
    expect(sealer.open("")).toBeUndefined();
  });
});
