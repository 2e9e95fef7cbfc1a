import { type RunningSandbox, SANDBOX_V2_SECRET } from "@cert/iamport-sandbox";
import {
  IdentityVerificationClient,
  type IdentityVerificationClientOptions,
  PortOneError,
} from "../../src";

export { startTestSandbox } from "@cert/testing";

/**
 * A client for `sandbox` with its V2 secret, overridable. The deadline is generous (30 s) so a
 * busy machine cannot turn a slow answer into a failure; tests about deadlines set their own.
 */
export function clientFor(
  sandbox: RunningSandbox,
  options: Partial<IdentityVerificationClientOptions> = {},
): IdentityVerificationClient {
  return new IdentityVerificationClient({
    apiUrl: sandbox.url,
    apiSecret: SANDBOX_V2_SECRET,
    timeoutMs: 30_000,
    ...options,
  });
}

/** The error `promise` rejects with, checked to be a PortOneError; fails when it resolves. */
export async function portOneFailure(promise: Promise<unknown>): Promise<PortOneError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof PortOneError)) throw error;
    return error;
  }
  throw new Error("expected a rejection");
}
