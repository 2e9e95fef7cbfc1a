import {
  generateIdentityVerification,
  sandboxIdentityVerificationId as idOf,
  type RunningSandbox,
  SANDBOX_V2_SECRET,
} from "@cert/iamport-sandbox";
import { startTracing } from "@cert/telemetry";
import { type OtlpReceiver, startOtlpReceiver } from "@cert/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PortOneNotFoundError } from "../src";
import { clientFor, startTestSandbox } from "./support/harness";

let sandbox: RunningSandbox;
let receiver: OtlpReceiver;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver.close();
  await sandbox.close();
});

it("traces each V2 call as one client span naming the verification, without its personal data", async () => {
  // The standard variables, as a deployment sets them (this test file has its own process).
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.endpoint;
  process.env.OTEL_EXPORTER_OTLP_PROTOCOL = "http/json";
  const tracing = await startTracing({ defaultServiceName: "portone-test" });
  const client = clientFor(sandbox);
  const id = idOf("full", 9, 9);
  const missing = idOf("not-found", 1, 2);
  try {
    await client.getIdentityVerification(id);
    await expect(client.getIdentityVerification(missing)).rejects.toBeInstanceOf(
      PortOneNotFoundError,
    );
  } finally {
    await client.close();
    await tracing.shutdown();
  }

  const spans = receiver.spans.filter((s) => s.name === "portone.getIdentityVerification");
  expect(spans.map((s) => s.attributes)).toEqual([
    expect.objectContaining({
      "verification.provider": "portone",
      "verification.id": id,
      "http.response.status_code": 200,
    }),
    expect.objectContaining({
      "verification.provider": "portone",
      "verification.id": missing,
      "http.response.status_code": 404,
      "error.type": "not_found",
    }),
  ]);
  expect(spans.every((s) => s.service === "portone-test")).toBe(true);

  const exported = receiver.bodies.join("\n");
  const customer = (
    generateIdentityVerification(id) as { verifiedCustomer: Record<string, unknown> }
  ).verifiedCustomer;
  for (const field of ["name", "phoneNumber", "ci", "di", "birthDate"]) {
    const value = customer[field];
    if (typeof value === "string") expect(exported.includes(value), field).toBe(false);
  }
  expect(exported).not.toContain(SANDBOX_V2_SECRET);
});
