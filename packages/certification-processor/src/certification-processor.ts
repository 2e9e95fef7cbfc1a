import type { Outcome } from "@cert/age-check";
import type { Certification } from "@cert/iamport";
import type { Logger } from "@cert/logger";
import type { OutcomeWriter } from "@cert/outbox";
import { type CertificationJobData, isImpUid } from "@cert/queue";
import { annotateActiveSpan, verificationAttributes } from "@cert/telemetry";
import type { Job } from "bullmq";
import { type AgeSettings, buildCheckResult } from "./check-result";
import { InvalidJobDataError } from "./errors";
import {
  type CertificationSource,
  fetchCertification,
  type ProviderCallResult,
} from "./fetch-certification";
import { type BreakerState, createProviderBreaker, type ProviderBreaker } from "./provider-breaker";
import {
  decideRetry,
  enactRetryDecision,
  isProviderOutage,
  type RateLimiter,
  type RetryDecision,
} from "./retry-policy";

/** What a completed job returns (stored by BullMQ as `returnvalue`): no personal data. */
export interface CertificationJobResult {
  readonly outcome: Outcome;
}

/** Optional observers, for metrics. Each is called synchronously and must not throw. */
export interface ProcessorHooks {
  /** After every provider call (and every call the open breaker refused). */
  readonly onProviderCall?: (result: ProviderCallResult, durationSeconds: number) => void;
  readonly onBreakerStateChange?: (state: BreakerState) => void;
  /** After every failed attempt, with what the retry policy decided. */
  readonly onRetryDecision?: (decision: RetryDecision) => void;
}

export interface CertificationProcessorOptions {
  /** The provider client (`IamportClient`), shared by every job of the process. */
  readonly client: CertificationSource<Certification>;
  /**
   * Records a finished check (users + certifications + outcome event, atomically), resolving
   * once committed, and publishes its event after the commit when a relay runs in this process:
   * `createOutcomeWriter` of @cert/outbox. Throws a `DbError` on failure, which the retry policy
   * classifies.
   */
  readonly writer: Pick<OutcomeWriter, "write">;
  /** Age rule settings (config `AGE_MIN`, `AGE_RULE`). */
  readonly age: AgeSettings;
  readonly logger: Logger;
  /** Clock for `checked_at` (and the reference date when `certified_at` is absent). Default `() => new Date()`. */
  readonly now?: () => Date;
  /** Pause before the one confirming re-fetch of a 404, ms. Default 500. */
  readonly notFoundRecheckDelayMs?: number;
  /** Consecutive provider outages that open the circuit breaker. Default 5. */
  readonly breakerThreshold?: number;
  /** How long the open breaker holds calls back before one trial call, ms. Default 5000. */
  readonly breakerHalfOpenAfterMs?: number;
  readonly hooks?: ProcessorHooks;
}

/** The BullMQ processor, plus what the worker wiring needs to complete it. */
export interface CertificationProcessor {
  (job: Job<CertificationJobData>, token?: string): Promise<CertificationJobResult>;
  /**
   * Gives the processor the Worker running it, for BullMQ's manual rate limit (429s and the
   * open breaker). Until bound, those cases fall back to ordinary retries that use attempts.
   */
  bindWorker(worker: RateLimiter): void;
  /** The process-wide provider circuit breaker. */
  readonly breaker: ProviderBreaker;
}

/**
 * The certification job processor: fetch the certification (through the breaker,
 * 404 confirmed once), check the age, persist users + certifications + outcome event in one
 * transaction. Failures go through the retry policy (retry-policy.ts), so the
 * job's failedReason is always a safe code.
 */
export function createCertificationProcessor(
  options: CertificationProcessorOptions,
): CertificationProcessor {
  const { client, writer, age, logger, hooks = {} } = options;
  const now = options.now ?? (() => new Date());
  const notFoundRecheckDelayMs = options.notFoundRecheckDelayMs ?? 500;
  let rateLimiter: RateLimiter | undefined;

  const breaker = createProviderBreaker({
    threshold: options.breakerThreshold,
    halfOpenAfterMs: options.breakerHalfOpenAfterMs,
    isOutage: isProviderOutage,
    onStateChange: (state) => {
      const log = state === "open" ? logger.warn.bind(logger) : logger.info.bind(logger);
      log({ code: "provider_circuit", state }, `provider circuit breaker ${state}`);
      hooks.onBreakerStateChange?.(state);
    },
  });

  const fetchOptions = {
    source: client,
    breaker,
    notFoundRecheckDelayMs,
    onProviderCall: hooks.onProviderCall,
  };

  async function processJob(job: Job<CertificationJobData>): Promise<CertificationJobResult> {
    const impUid = job.data?.imp_uid;
    try {
      if (!isImpUid(impUid)) throw new InvalidJobDataError();
      annotateActiveSpan(verificationAttributes("iamport", impUid));
      const certification = await fetchCertification(impUid, fetchOptions);
      const result = buildCheckResult(impUid, certification, age, now());
      await writer.write(result);
      return { outcome: result.outcome };
    } catch (err) {
      const decision = decideRetry(err, breaker.remainingOpenMs());
      hooks.onRetryDecision?.(decision);
      // A malformed id is untrusted input: it is not echoed into the logs.
      const fields = {
        imp_uid: isImpUid(impUid) ? impUid : undefined,
        code: decision.code,
        attempt: job.attemptsMade + 1,
      };
      if (decision.action === "rate_limit") {
        logger.info(
          { ...fields, delayMs: decision.delayMs },
          "rate-limiting the queue; job will run again",
        );
      } else if (decision.action === "retry") {
        logger.warn(fields, "job attempt failed; will retry while attempts remain");
      } else {
        logger.warn(fields, "job failed permanently");
      }
      throw await enactRetryDecision(decision, rateLimiter, err);
    }
  }

  return Object.assign(processJob, {
    bindWorker(worker: RateLimiter) {
      rateLimiter = worker;
    },
    breaker,
  });
}
