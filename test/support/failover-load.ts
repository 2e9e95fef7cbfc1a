import { sandboxImpUid } from "@cert/iamport-sandbox";
import type { Cluster, Redis } from "ioredis";
import { expect } from "vitest";
import type { DatabaseRows } from "./database-rows";
import { submit } from "./intake-client";
import { groupBy, readOutcomeStream } from "./outcome-stream";

/** What a run of POSTs got back, by imp_uid. */
export interface LoadAnswers {
  accepted: string[];
  unavailable: string[];
  /** Anything else: another status, or no answer within the request deadline ("hung"). */
  other: { impUid: string; answer: string }[];
  /** POSTs answered 202 after the fault was injected. */
  acceptedAfterFault: number;
}

export interface LoadOptions {
  apiUrl: string;
  /** Distinguishes this run's imp_uids from others in the same database. */
  firstSerial: number;
  /** POSTs in flight at once. */
  concurrency: number;
  /** Injects the fault once, this long after the first POST. */
  faultAfterMs: number;
  fault: () => Promise<void>;
  /** Keeps posting this long after the fault. */
  continueForMs: number;
}

/**
 * Posts fresh imp_uids (each once, never retried) from `concurrency` loops, injects `fault`
 * mid-run and keeps posting until well after it, recording every answer.
 */
export async function postThroughFault(options: LoadOptions): Promise<LoadAnswers> {
  const answers: LoadAnswers = { accepted: [], unavailable: [], other: [], acceptedAfterFault: 0 };
  let serial = options.firstSerial;
  let faulted = false;
  let stopAt = Number.POSITIVE_INFINITY;
  const faultDone = (async () => {
    await new Promise((resolve) => setTimeout(resolve, options.faultAfterMs));
    await options.fault();
    faulted = true;
    stopAt = Date.now() + options.continueForMs;
  })();
  const loop = async () => {
    while (Date.now() < stopAt) {
      const n = serial++;
      const impUid = sandboxImpUid("full", n % 9, n);
      try {
        const answer = await submit(options.apiUrl, impUid);
        if (answer.status === 202) {
          answers.accepted.push(impUid);
          if (faulted) answers.acceptedAfterFault++;
        } else if (answer.status === 503 && answer.headers.get("retry-after")) {
          answers.unavailable.push(impUid);
        } else {
          answers.other.push({ impUid, answer: `${answer.status} ${answer.text.slice(0, 200)}` });
        }
      } catch (error) {
        answers.other.push({ impUid, answer: `no answer: ${(error as Error).message}` });
      }
    }
  };
  await Promise.all([faultDone, ...Array.from({ length: options.concurrency }, loop)]);
  return answers;
}

/**
 * Every imp_uid answered 202 is stored once (one `certifications` row, one outcome event) and
 * reached the stream under exactly one event id (a re-published entry keeps its event id, which
 * consumers dedupe by).
 */
export async function expectStoredAndPublishedOnce(
  accepted: readonly string[],
  rows: DatabaseRows,
  redis: Redis | Cluster,
  stream: string,
): Promise<void> {
  const wanted = new Set(accepted);
  const stored = (await rows.certifications()).filter((row) => wanted.has(row.imp_uid));
  expect(stored.length).toBe(wanted.size);
  const events = groupBy(
    (await rows.outcomeEvents()).filter((event) => wanted.has(event.imp_uid)),
    (event) => event.imp_uid,
  );
  expect([...events.values()].filter((list) => list.length !== 1)).toEqual([]);
  expect(events.size).toBe(wanted.size);
  const streamed = groupBy(
    (await readOutcomeStream(redis as Redis, stream)).filter((event) =>
      wanted.has(String(event.payload.imp_uid)),
    ),
    (event) => String(event.payload.imp_uid),
  );
  expect(streamed.size).toBe(wanted.size);
  const eventIds = [...streamed.values()].map((list) => new Set(list.map((e) => e.event_id)).size);
  expect(eventIds.every((count) => count === 1)).toBe(true);
}
