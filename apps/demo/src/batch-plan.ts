import { SANDBOX_SHAPES, sandboxImpUid } from "@cert/iamport-sandbox";

export interface BatchPlan {
  /** Every distinct imp_uid of the run; each must end with exactly one outcome event. */
  readonly impUids: readonly string[];
  /** The POST order: every imp_uid once, plus the duplicates. */
  readonly posts: readonly string[];
  /** How many POSTs repeat an imp_uid already posted. */
  readonly duplicatePosts: number;
}

/** One imp_uid in this many is posted a second time. */
const DUPLICATE_EVERY = 100;

/**
 * The imp_uids of one run. They cycle through every shape of the sandbox's deterministic data
 * (the last digit picks the shape, the two before it the person, so people recur under several
 * imp_uids) and start with `runStamp`, so a run against a database that already holds an
 * earlier run's rows still sees every outcome published anew.
 *
 * Some imp_uids are posted twice: half right after the first POST (concurrent duplicates),
 * half at the end (a repeat after the job may have finished). Both must yield one outcome.
 */
export function planBatch(count: number, runStamp: string): BatchPlan {
  const impUids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const shape = SANDBOX_SHAPES[i % SANDBOX_SHAPES.length];
    if (!shape) throw new Error("the sandbox shape table is empty");
    const person = Math.floor(i / SANDBOX_SHAPES.length);
    // sandboxImpUid gives imp_ + 12 digits; the run stamp goes in front of those digits.
    impUids.push(`imp_${runStamp}${sandboxImpUid(shape.name, person, i).slice("imp_".length)}`);
  }
  const posts: string[] = [];
  const repeatedLater: string[] = [];
  impUids.forEach((impUid, i) => {
    posts.push(impUid);
    if (i % DUPLICATE_EVERY !== DUPLICATE_EVERY / 2) return;
    if (Math.floor(i / DUPLICATE_EVERY) % 2 === 0) posts.push(impUid);
    else repeatedLater.push(impUid);
  });
  posts.push(...repeatedLater);
  return { impUids, posts, duplicatePosts: posts.length - impUids.length };
}

/** Digits that make this run's imp_uids its own: milliseconds since the epoch (13 digits). */
export function runStampNow(): string {
  return String(Date.now());
}
