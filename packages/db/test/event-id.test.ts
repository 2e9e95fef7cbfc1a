import { describe, expect, it } from "vitest";
import { eventIdFor, uuidV5 } from "../src";

describe("eventIdFor", () => {
  it("implements RFC 9562 UUIDv5 (published test vector)", () => {
    // DNS namespace, "www.example.com" (RFC 9562 appendix A.4).
    expect(uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    );
  });

  it("is a v5 UUID that depends on the imp_uid alone", () => {
    const id = eventIdFor("imp_123456789012");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(eventIdFor("imp_123456789012")).toBe(id);
    expect(eventIdFor("imp_123456789013")).not.toBe(id);
  });

  it("never changes for a given imp_uid (consumers deduplicate on it)", () => {
    expect(eventIdFor("imp_000000000001")).toBe(eventIdFor("imp_000000000001"));
    expect(eventIdFor("imp_000000000001")).toBe("73820a5c-389e-5ff6-a91d-be99023725b4");
  });
});
