import { randomInt } from "node:crypto";
import {
  SANDBOX_V2_SHAPES,
  type SandboxV2ShapeName,
  sandboxIdentityVerificationId,
} from "@cert/iamport-sandbox";
import type { IdBatch } from "./imp-uids";

let batches = 0;

/**
 * Shapes a throughput run leaves out: `not-found` (confirmed by a second fetch 500 ms later, as
 * for V1) and the READY ones, whose re-checks pause 1-10 s by design: both would measure those
 * deliberate waits instead of the pipeline.
 */
const SKIPPED: readonly SandboxV2ShapeName[] = [
  "not-found",
  "ready-then-verified",
  "ready-forever",
];

/** The V2 shapes a throughput run cycles through: every VERIFIED kind, and FAILED. */
export const FOUND_V2_SHAPES = SANDBOX_V2_SHAPES.filter((s) => !SKIPPED.includes(s.name)).map(
  (s) => s.name,
);

/** The person advances with the serial, so jobs in flight together are different people. */
const PEOPLE = 100;

/**
 * Unique PortOne V2 identityVerificationIds for one run: the sandbox's explicit form
 * (`sbx.<shape>.<person>.<serial>`) with a stem of its own at the end (random, then a batch
 * counter), so every POST is a first submission whose job really fetches, checks and stores.
 */
export class V2IdBatch implements IdBatch {
  readonly stem: string;
  private serial = 0;

  constructor() {
    batches += 1;
    this.stem = `b${String(randomInt(0, 1e8)).padStart(8, "0")}${String(batches % 1000).padStart(3, "0")}`;
  }

  next(): string {
    const n = this.serial;
    const shape = FOUND_V2_SHAPES[n % FOUND_V2_SHAPES.length] as SandboxV2ShapeName;
    this.serial += 1;
    return `${sandboxIdentityVerificationId(shape, n % PEOPLE, n)}.${this.stem}`;
  }

  take(count: number): string[] {
    return Array.from({ length: count }, () => this.next());
  }

  owns(id: string): boolean {
    return id.endsWith(`.${this.stem}`);
  }
}
