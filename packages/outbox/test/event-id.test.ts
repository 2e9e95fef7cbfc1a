import { describe, expect, it } from "vitest";
import { eventIdFor } from "../src";

describe("eventIdFor", () => {
  it("is a v5 UUID that depends on the imp_uid alone", () => {
    const id = eventIdFor("imp_123456789012");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(eventIdFor("imp_123456789012")).toBe(id);
    expect(eventIdFor("imp_123456789013")).not.toBe(id);
  });

  it("never changes for a given imp_uid (consumers deduplicate on published ids)", () => {
    // Ids computed before the switch to the uuid package: already published events keep them.
    expect(eventIdFor("imp_000000000001")).toBe("73820a5c-389e-5ff6-a91d-be99023725b4");
    expect(eventIdFor("imp_123456789012")).toBe("b42b6d11-52ad-55a5-9bd3-b876c5305fb9");
  });
});
