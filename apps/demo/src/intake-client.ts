import { setTimeout as sleep } from "node:timers/promises";
import { Pool } from "undici";
import { IntakeRejectedError } from "./errors";
import { INTAKE_ROUTE, type Verification, verificationKey } from "./verification";

export interface SendBatchOptions {
  /** The API's origin, e.g. `http://127.0.0.1:3000`. */
  readonly origin: string;
  /** Requests in flight at once, over as many keep-alive connections. Default 64. */
  readonly concurrency?: number;
  /** Called just before the first POST of each verification is sent. */
  readonly onSent?: (verification: Verification) => void;
  /** Called for every 202 (duplicates included). */
  readonly onAccepted?: (verification: Verification, status: string) => void;
  /** Stops sending; requests in flight are aborted. */
  readonly signal?: AbortSignal;
}

export interface SendBatchResult {
  /** 202 answers (duplicates included). */
  readonly accepted: number;
  /** 429/503 answers that were waited out and retried. */
  readonly retried: number;
}

/** How often one POST is retried after 429/503 or a dropped connection before giving up. */
const MAX_TRIES = 20;
/** Used when a 429/503 has no usable Retry-After. */
const DEFAULT_RETRY_MS = 500;

function retryAfterMs(header: string | string[] | undefined): number {
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && seconds >= 0
    ? Math.min(seconds * 1000, 10_000)
    : DEFAULT_RETRY_MS;
}

/**
 * POSTs every verification of `posts` in order to its provider's intake route
 * (`/certifications` or `/identity-verifications`), at most `concurrency` at a
 * time, honouring `Retry-After` on 429 and 503 as any client of the API should.
 *
 * @throws IntakeRejectedError on any other non-202 answer (the batch is valid, so that is a bug).
 */
export async function sendBatch(
  posts: readonly Verification[],
  options: SendBatchOptions,
): Promise<SendBatchResult> {
  const concurrency = options.concurrency ?? 64;
  const pool = new Pool(options.origin, { connections: concurrency, pipelining: 1 });
  const firstSent = new Set<string>();
  let next = 0;
  let accepted = 0;
  let retried = 0;

  const postOne = async (verification: Verification): Promise<void> => {
    const route = INTAKE_ROUTE[verification.provider];
    for (let attempt = 1; ; attempt += 1) {
      const key = verificationKey(verification.provider, verification.id);
      if (!firstSent.has(key)) {
        firstSent.add(key);
        options.onSent?.(verification);
      }
      let response: Awaited<ReturnType<Pool["request"]>>;
      try {
        response = await pool.request({
          method: "POST",
          path: route.path,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ [route.field]: verification.id }),
          signal: options.signal,
        });
      } catch (error) {
        if (options.signal?.aborted || attempt >= MAX_TRIES) throw error;
        retried += 1;
        await sleep(DEFAULT_RETRY_MS, undefined, { signal: options.signal });
        continue;
      }
      const body = (await response.body.json().catch(() => ({}))) as {
        status?: string;
        error?: { code?: string };
      };
      if (response.statusCode === 202) {
        accepted += 1;
        options.onAccepted?.(verification, body.status ?? "unknown");
        return;
      }
      const transient = response.statusCode === 429 || response.statusCode === 503;
      if (!transient || attempt >= MAX_TRIES) {
        throw new IntakeRejectedError(
          route.path,
          response.statusCode,
          body.error?.code ?? "no error code",
        );
      }
      retried += 1;
      await sleep(retryAfterMs(response.headers["retry-after"]), undefined, {
        signal: options.signal,
      });
    }
  };

  const lane = async (): Promise<void> => {
    for (let i = next++; i < posts.length; i = next++) {
      const verification = posts[i];
      if (verification !== undefined) await postOne(verification);
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, posts.length) }, lane));
  } finally {
    await pool.destroy();
  }
  return { accepted, retried };
}
