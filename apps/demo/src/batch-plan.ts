import {
  type ReadyFor,
  SANDBOX_SHAPES,
  SANDBOX_V2_SHAPES,
  type SandboxV2ShapeName,
  sandboxIdentityVerificationId,
  sandboxImpUid,
} from "@cert/iamport-sandbox";
import { DEMO_PROVIDERS, type DemoProvider, type Verification } from "./verification";

export interface BatchPlan {
  /** Every distinct verification of the run; each must end with exactly one outcome event. */
  readonly verifications: readonly Verification[];
  /** The POST order: every verification once, plus the duplicates. */
  readonly posts: readonly Verification[];
  /** How many POSTs repeat a verification already posted. */
  readonly duplicatePosts: number;
}

/** One verification in this many is posted a second time. */
const DUPLICATE_EVERY = 100;

/**
 * V2 shapes the demo leaves out: `not-found` (V1's not-found shape already shows that outcome,
 * and a real V2 submission follows a finished verification) and `ready-forever`, which would
 * hold the run for `PORTONE_READY_TIMEOUT_MS` (60 s) before its `not_certified`.
 */
const V2_SKIPPED: readonly SandboxV2ShapeName[] = ["not-found", "ready-forever"];

/** The V2 shapes a demo batch cycles through. */
export const DEMO_V2_SHAPES = SANDBOX_V2_SHAPES.filter((s) => !V2_SKIPPED.includes(s.name));

/** `ready-then-verified` stays READY for two fetches: the worker's re-check shows, briefly. */
export const DEMO_READY_FOR: ReadyFor = { fetches: 2 };

/**
 * The k-th V1 imp_uid: the last digit picks the shape, the two before it the person, so people
 * recur under several imp_uids; the run stamp goes in front of `sandboxImpUid`'s 12 digits.
 */
function v1Id(k: number, runStamp: string): string {
  const shape = SANDBOX_SHAPES[k % SANDBOX_SHAPES.length];
  if (!shape) throw new Error("the sandbox shape table is empty");
  const person = Math.floor(k / SANDBOX_SHAPES.length);
  return `imp_${runStamp}${sandboxImpUid(shape.name, person, k).slice("imp_".length)}`;
}

/**
 * The k-th V2 id: an explicit sandbox id (shape, person, serial) with the run stamp after it.
 * Shapes share the V1 pools, so the same people are verified through both providers.
 */
function v2Id(k: number, runStamp: string): string {
  const shape = DEMO_V2_SHAPES[k % DEMO_V2_SHAPES.length];
  if (!shape) throw new Error("the sandbox V2 shape table is empty");
  const person = Math.floor(k / DEMO_V2_SHAPES.length);
  const readyFor = shape.name === "ready-then-verified" ? DEMO_READY_FOR : undefined;
  return `${sandboxIdentityVerificationId(shape.name, person, k, readyFor)}.${runStamp}`;
}

const ID_OF: Readonly<Record<DemoProvider, (k: number, runStamp: string) => string>> = {
  iamport: v1Id,
  portone: v2Id,
};

/**
 * The verifications of one run, the providers taking turns (with both, every other one is V2).
 * Each provider's ids cycle through its sandbox shapes and carry `runStamp`, so a run against a
 * database that already holds an earlier run's rows still sees every outcome published anew.
 *
 * Some verifications of each provider are posted twice: half right after the first POST
 * (concurrent duplicates), half at the end (a repeat after the job may have finished). Both must yield
 * one outcome.
 */
export function planBatch(
  count: number,
  runStamp: string,
  providers: readonly DemoProvider[] = DEMO_PROVIDERS,
): BatchPlan {
  if (providers.length === 0) throw new Error("a batch needs at least one provider");
  const served = new Map<DemoProvider, number>();
  const verifications: Verification[] = [];
  for (let i = 0; i < count; i += 1) {
    const provider = providers[i % providers.length] as DemoProvider;
    const k = served.get(provider) ?? 0;
    served.set(provider, k + 1);
    verifications.push({ provider, id: ID_OF[provider](k, runStamp) });
  }
  const posts: Verification[] = [];
  const repeatedLater: Verification[] = [];
  verifications.forEach((verification, i) => {
    posts.push(verification);
    // One per block of 100, at 50 or 51 so that with both providers each gets duplicates;
    // two blocks back to back, then two at the end, and so on.
    const block = Math.floor(i / DUPLICATE_EVERY);
    if (i % DUPLICATE_EVERY !== DUPLICATE_EVERY / 2 + (block % 2)) return;
    if (Math.floor(block / 2) % 2 === 0) posts.push(verification);
    else repeatedLater.push(verification);
  });
  posts.push(...repeatedLater);
  return { verifications, posts, duplicatePosts: posts.length - verifications.length };
}

/** Digits that make this run's ids its own: milliseconds since the epoch (13 digits). */
export function runStampNow(): string {
  return String(Date.now());
}
