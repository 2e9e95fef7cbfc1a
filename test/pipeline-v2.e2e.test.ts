import {
  type RunningSandbox,
  SANDBOX_V2_SHAPES,
  sandboxIdentityVerificationId,
  sandboxV2ExpectedOutcome,
} from "@cert/iamport-sandbox";
import { eventIdFor } from "@cert/outbox";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2eFixture, startE2eFixture } from "./support/e2e-fixture";
import { request } from "./support/intake-client";
import { readOutcomeStream } from "./support/outcome-stream";
import type { PipelineSystem } from "./support/pipeline-system";
import { waitFor } from "./support/wait-for";

// PortOne V2 end to end: the API and two workers as separate processes, through HTTP, against
// the sandbox's V2 endpoint.

let fixture: E2eFixture;
let sandbox: RunningSandbox;
let system: PipelineSystem;
let redis: Redis;

beforeAll(async () => {
  fixture = await startE2eFixture();
  ({ sandbox, system, redis } = fixture);
});

afterAll(() => fixture?.close());

describe("PortOne V2 verifications through the HTTP API", () => {
  const postV2 = (id: string) =>
    request(`${system.apiUrl}/identity-verifications`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identityVerificationId: id }),
    });
  const v2Events = async (ids: readonly string[]) =>
    (await readOutcomeStream(redis, system.outcomeStream)).filter(
      (e) => e.payload.provider === "portone" && ids.includes(String(e.payload.verification_id)),
    );

  it("records every V2 shape with its outcome and one event; duplicates cause one fetch", async () => {
    const ids = SANDBOX_V2_SHAPES.map((shape, i) =>
      sandboxIdentityVerificationId(shape.name, 70 + i, 900 + i),
    );
    const first = ids[0] as string;
    const answers = await Promise.all([...ids, first, first, first].map(postV2));
    for (const answer of answers) expect(answer.status).toBe(202);
    await waitFor(async () => (await v2Events(ids)).length >= ids.length, {
      what: `${ids.length} V2 outcomes published`,
      timeoutMs: 60_000,
      intervalMs: 300,
    });
    const events = await v2Events(ids);
    expect(events).toHaveLength(ids.length);
    for (const event of events) {
      const id = String(event.payload.verification_id);
      expect(event.event_id).toBe(eventIdFor(id, "portone"));
      expect(event.payload).toMatchObject({ imp_uid: null, outcome: sandboxV2ExpectedOutcome(id) });
    }
    expect(sandbox.stats().identityVerificationCallsById[first]).toBe(1);
    const status = await request(`${system.apiUrl}/identity-verifications/${first}`);
    expect(status.body).toMatchObject({
      identityVerificationId: first,
      status: "completed",
      outcome: sandboxV2ExpectedOutcome(first),
    });
  });
});
