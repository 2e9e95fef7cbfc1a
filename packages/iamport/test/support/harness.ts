import { type RunningSandbox, SANDBOX_API_KEY, SANDBOX_API_SECRET } from "@cert/iamport-sandbox";
import { getTestServices, uniquePrefix } from "@cert/testing";
import { Redis } from "ioredis";
import { IamportClient, type IamportClientOptions, type TokenGrant } from "../../src";

export { startTestSandbox } from "@cert/testing";

/** A connection to the test Redis; the caller quits it. */
export function connectRedis(): Redis {
  return new Redis(getTestServices().redisUrl, { maxRetriesPerRequest: 1 });
}

/** A fresh Redis key prefix, so test files (and tests) never share a token. */
export function freshPrefix(label: string): string {
  return `${uniquePrefix(label)}:`;
}

/**
 * A client for `sandbox` with the sandbox's credentials, overridable. The timeout is generous
 * (30 s) so a busy test machine cannot turn a slow answer into a failure; tests about
 * timeouts set their own.
 */
export function clientFor(
  sandbox: RunningSandbox,
  options: Partial<IamportClientOptions> = {},
): IamportClient {
  return new IamportClient({
    apiUrl: sandbox.url,
    apiKey: SANDBOX_API_KEY,
    apiSecret: SANDBOX_API_SECRET,
    timeoutMs: 30_000,
    ...options,
  });
}

/** getToken against the sandbox over HTTP, for driving a TokenManager directly. */
export function sandboxTokenFetcher(sandbox: RunningSandbox): () => Promise<TokenGrant> {
  return async () => {
    const response = await fetch(`${sandbox.url}/users/getToken`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ imp_key: SANDBOX_API_KEY, imp_secret: SANDBOX_API_SECRET }),
    });
    const envelope = (await response.json()) as {
      response: { access_token: string; now: number; expired_at: number };
    };
    const { access_token, now, expired_at } = envelope.response;
    return { accessToken: access_token, now, expiredAt: expired_at };
  };
}

/** The rejection of `promise`, failing the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
