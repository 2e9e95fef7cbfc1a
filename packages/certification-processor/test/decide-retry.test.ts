import { AgeCheckInputError } from "@cert/age-check";
import { DbError } from "@cert/db";
import {
  IamportAuthError,
  IamportInvalidResponseError,
  IamportNotFoundError,
  IamportRateLimitError,
  IamportTransientError,
} from "@cert/iamport";
import {
  PortOneAuthError,
  PortOneInvalidResponseError,
  PortOneNotFoundError,
  PortOneRateLimitError,
  PortOneRejectedError,
  PortOneTransientError,
} from "@cert/portone";
import { BrokenCircuitError } from "cockatiel";
import { describe, expect, it } from "vitest";
import { InvalidJobDataError, ProviderNotConfiguredError } from "../src/errors";
import { decideRetry, MAX_DELAY_MS, MIN_DELAY_MS } from "../src/retry-policy";

describe("decideRetry", () => {
  it.each([
    [
      "a 5xx",
      new IamportTransientError("server_error", { status: 503 }),
      "retry",
      "provider_unavailable",
    ],
    ["a timeout", new IamportTransientError("timeout"), "retry", "provider_unavailable"],
    [
      "HTTP 200 with code 1",
      new IamportTransientError("provider_error", { providerCode: 1 }),
      "retry",
      "provider_unavailable",
    ],
    [
      "an HTML page",
      new IamportInvalidResponseError("unexpected_content"),
      "retry",
      "provider_invalid_response",
    ],
    [
      "a schema mismatch",
      new IamportInvalidResponseError("schema_mismatch"),
      "fail",
      "provider_invalid_response",
    ],
    [
      "an impossible birthday",
      new AgeCheckInputError("invalid_birthday", "bad"),
      "fail",
      "provider_invalid_response",
    ],
    ["a wrong key", new IamportAuthError("invalid_credentials"), "fail", "provider_auth_failed"],
    [
      "a lost database connection",
      new DbError("db_unavailable", "x", true),
      "retry",
      "database_unavailable",
    ],
    [
      "a refused row",
      new DbError("db_query_failed", "x", false, "23514"),
      "fail",
      "database_rejected",
    ],
    ["a hand-made job", new InvalidJobDataError(), "fail", "invalid_job_data"],
    ["a bug", new TypeError("x is undefined"), "retry", "internal_error"],
    ["a 404 reaching the policy", new IamportNotFoundError("imp_1"), "fail", "provider_rejected"],
    ["V2 5xx", new PortOneTransientError("server_error"), "retry", "provider_unavailable"],
    [
      "V2 non-JSON body",
      new PortOneTransientError("invalid_json"),
      "retry",
      "provider_unavailable",
    ],
    ["V2 401", new PortOneAuthError("unauthorized"), "fail", "provider_auth_failed"],
    ["V2 403", new PortOneAuthError("forbidden"), "fail", "provider_auth_failed"],
    ["V2 400", new PortOneRejectedError(), "fail", "provider_rejected"],
    [
      "V2 unknown status",
      new PortOneInvalidResponseError("unknown_status"),
      "fail",
      "provider_invalid_response",
    ],
    [
      "V2 oversized body",
      new PortOneInvalidResponseError("too_large"),
      "retry",
      "provider_invalid_response",
    ],
    ["V2 404 reaching the policy", new PortOneNotFoundError("x"), "fail", "provider_rejected"],
    [
      "V2 not configured",
      new ProviderNotConfiguredError("portone"),
      "fail",
      "provider_not_configured",
    ],
  ])("%s -> %s %s", (_what, err, action, code) => {
    expect(decideRetry(err)).toEqual({ action, code });
  });

  it("delays the job for the provider's Retry-After, within sane bounds", () => {
    expect(decideRetry(new IamportRateLimitError(2000))).toEqual({
      action: "delay",
      code: "provider_rate_limited",
      delayMs: 2000,
    });
    expect(decideRetry(new IamportRateLimitError(0))).toMatchObject({ delayMs: MIN_DELAY_MS });
    expect(decideRetry(new PortOneRateLimitError(3000))).toEqual({
      action: "delay",
      code: "provider_rate_limited",
      delayMs: 3000,
    });
    expect(decideRetry(new IamportRateLimitError(86_400_000))).toMatchObject({
      delayMs: MAX_DELAY_MS,
    });
  });

  it("delays the job for the rest of the open period while the breaker is open", () => {
    expect(decideRetry(new BrokenCircuitError(), 1234)).toEqual({
      action: "delay",
      code: "provider_circuit_open",
      delayMs: 1234,
    });
  });
});
