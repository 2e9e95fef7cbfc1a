import type { Outcome } from "@cert/age-check";
import type { Logger } from "@cert/logger";
import type { OutcomeWriter } from "@cert/outbox";
import type { Provider, VerificationRef } from "@cert/queue";
import { annotateActiveSpan, verificationAttributes } from "@cert/telemetry";
import { DelayedError, type Job } from "bullmq";
import { type AgeSettings, buildCheckResult, NOT_CERTIFIED } from "./check-result";
import { ProviderNotConfiguredError, RetryableJobError } from "./errors";
import { FAILURE_CODES } from "./failure-codes";
import { fetchVerification, type ProviderCallResult } from "./fetch-certification";
import { createIamportSource, type IamportCertificationClient } from "./iamport-source";
import { verificationOf } from "./job-data";
import { createPortOneSource, type PortOneIdentityVerificationClient } from "./portone-source";
import { type BreakerState, createProviderBreaker, type ProviderBreaker } from "./provider-breaker";
import { isProviderOutage } from "./provider-errors";
import {
  DEFAULT_READY_RECHECK,
  nextReadyRecheckMs,
  type ReadyRecheckSettings,
} from "./ready-recheck";
import { decideRetry, delayJob, enactRetryDecision, type RetryDecision } from "./retry-policy";
import type { VerificationSource } from "./verification-source";

/** What a completed job returns (stored by BullMQ as `returnvalue`): no personal data. */
export interface CertificationJobResult {
  readonly outcome: Outcome;
}

/** Optional observers, for metrics. Each is called synchronously and must not throw. */
export interface ProcessorHooks {
  /** After every provider call (and every call the open breaker refused). */
  readonly onProviderCall?: (
    result: ProviderCallResult,
    provider: Provider,
    durationSeconds: number,
  ) => void;
  readonly onBreakerStateChange?: (state: BreakerState, provider: Provider) => void;
  /** After every failed attempt, with what the retry policy decided. */
  readonly onRetryDecision?: (decision: RetryDecision, provider: Provider | undefined) => void;
}

export interface CertificationProcessorOptions {
  /** The i'mport V1 client (`IamportClient`), shared by every job of the process. */
  readonly iamport: IamportCertificationClient;
  /**
   * The PortOne V2 client (`IdentityVerificationClient`); undefined when `PORTONE_API_SECRET`
   * is not set: V2 jobs then fail at once with `provider_not_configured`.
   */
  readonly portone?: PortOneIdentityVerificationClient | undefined;
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
  /** Pause before the one confirming re-fetch of a not-found answer, ms. Default 500. */
  readonly notFoundRecheckDelayMs?: number;
  /** Consecutive outages of one provider that open its circuit breaker. Default 5. */
  readonly breakerThreshold?: number;
  /** How long an open breaker holds calls back before one trial call, ms. Default 5000. */
  readonly breakerHalfOpenAfterMs?: number;
  /** V2 `READY` re-checks; `timeoutMs` is config `PORTONE_READY_TIMEOUT_MS`. Default 60 s, 1-10 s pauses. */
  readonly readyRecheck?: Partial<ReadyRecheckSettings>;
  readonly hooks?: ProcessorHooks;
}

/** The BullMQ processor, plus its per-provider breakers. */
export interface CertificationProcessor {
  (job: Job<unknown>, token?: string): Promise<CertificationJobResult>;
  /** The process-wide circuit breaker of each provider. */
  readonly breakers: Readonly<Record<Provider, ProviderBreaker>>;
}

/**
 * The certification job processor for both providers: fetch the verification (through its
 * provider's breaker, not found confirmed once; V2 `READY` fetched again later), check the age,
 * persist users + certifications + outcome event in one transaction. Failures go through the
 * retry policy (retry-policy.ts), so the job's failedReason is always a safe code. A 429 or an
 * open breaker delays only the job at hand, so one provider's trouble never holds back the
 * other's jobs.
 */
export function createCertificationProcessor(
  options: CertificationProcessorOptions,
): CertificationProcessor {
  const { writer, age, logger, hooks = {} } = options;
  const now = options.now ?? (() => new Date());
  const notFoundRecheckDelayMs = options.notFoundRecheckDelayMs ?? 500;
  const readyRecheck = { ...DEFAULT_READY_RECHECK, ...options.readyRecheck };

  const breakerFor = (provider: Provider) =>
    createProviderBreaker({
      threshold: options.breakerThreshold,
      halfOpenAfterMs: options.breakerHalfOpenAfterMs,
      isOutage: isProviderOutage,
      onStateChange: (state) => {
        const log = state === "open" ? logger.warn.bind(logger) : logger.info.bind(logger);
        log({ code: "provider_circuit", provider, state }, `provider circuit breaker ${state}`);
        hooks.onBreakerStateChange?.(state, provider);
      },
    });
  const breakers = { iamport: breakerFor("iamport"), portone: breakerFor("portone") };
  const sources: Record<Provider, VerificationSource | undefined> = {
    iamport: createIamportSource(options.iamport),
    portone: options.portone === undefined ? undefined : createPortOneSource(options.portone),
  };

  /** Schedules the next fetch of a `READY` verification; null once it timed out. */
  async function recheckLater(job: Job<unknown>, token: string | undefined, ref: VerificationRef) {
    const delayMs = nextReadyRecheckMs(job.timestamp, Date.now(), readyRecheck);
    if (delayMs === null) return null;
    logger.info(
      {
        provider: ref.provider,
        verification_id: ref.id,
        code: FAILURE_CODES.verificationPending,
        delayMs,
      },
      "verification not finished yet; fetching it again later",
    );
    const delayed = await delayJob(job, token, delayMs);
    return delayed ?? new RetryableJobError(FAILURE_CODES.verificationPending);
  }

  async function processJob(job: Job<unknown>, token?: string): Promise<CertificationJobResult> {
    let ref: VerificationRef | undefined;
    try {
      ref = verificationOf(job.data);
      annotateActiveSpan(verificationAttributes(ref.provider, ref.id));
      const source = sources[ref.provider];
      if (source === undefined) throw new ProviderNotConfiguredError(ref.provider);
      const answer = await fetchVerification(ref.id, {
        source,
        breaker: breakers[ref.provider],
        notFoundRecheckDelayMs,
        onProviderCall: (result, seconds) =>
          hooks.onProviderCall?.(result, source.provider, seconds),
      });
      let record = answer.kind === "found" ? answer.record : null;
      if (answer.kind === "pending") {
        const later = await recheckLater(job, token, ref);
        if (later !== null) throw later;
        record = NOT_CERTIFIED;
      }
      const result = buildCheckResult(ref, record, age, now());
      await writer.write(result);
      return { outcome: result.outcome };
    } catch (err) {
      // A READY verification put back for later is no failure: nothing to decide.
      if (err instanceof DelayedError) throw err;
      if (err instanceof RetryableJobError && err.code === FAILURE_CODES.verificationPending) {
        throw err;
      }
      const breaker = ref === undefined ? undefined : breakers[ref.provider];
      const decision = decideRetry(err, breaker?.remainingOpenMs() ?? 0);
      hooks.onRetryDecision?.(decision, ref?.provider);
      // A malformed id is untrusted input: it is not echoed into the logs.
      const fields = {
        provider: ref?.provider,
        verification_id: ref?.id,
        code: decision.code,
        attempt: job.attemptsMade + 1,
      };
      if (decision.action === "delay") {
        logger.info(
          { ...fields, delayMs: decision.delayMs },
          "delaying the job; it will run again",
        );
      } else if (decision.action === "retry") {
        logger.warn(fields, "job attempt failed; will retry while attempts remain");
      } else {
        logger.warn(fields, "job failed permanently");
      }
      throw await enactRetryDecision(decision, job, token, err);
    }
  }

  return Object.assign(processJob, { breakers });
}
