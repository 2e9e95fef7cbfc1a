import { EventEmitter } from "node:events";

/** The request's overall deadline passed (named like the `AbortSignal.timeout` reason). */
class DeadlineExceeded extends Error {
  override readonly name = "TimeoutError";
}

/**
 * The overall deadline of one provider request, handed to undici as its `signal`: undici
 * documents `AbortSignal | EventEmitter` there, and reads `aborted` and `reason` from either.
 *
 * Why not an `AbortController`: on Node 20 every one of them outlives the young-generation GCs
 * of a busy process (measured: ~500 bytes promoted per request, the whole request's undici
 * state with it), so a worker at thousands of requests a second fills its old generation with
 * garbage and its RSS saws up and down by tens of MB. A plain emitter and a cleared timer die
 * young. Nor `AbortSignal.timeout`: it lives until it fires. It is one of the service's two
 * hand-made deadlines, for that reason; the other, intake's `withDeadline`, bounds Redis and
 * Postgres commands, which cannot be aborted at all. Elsewhere `timers/promises` does the waiting.
 */
export class RequestDeadline extends EventEmitter {
  aborted = false;
  reason: Error | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(ms: number) {
    super();
    this.timer = setTimeout(() => this.abort(new DeadlineExceeded()), ms);
  }

  private abort(reason: Error): void {
    this.aborted = true;
    this.reason = reason;
    this.emit("abort");
  }

  /** Call when the answer has been read (or the request failed): the timer goes at once. */
  clear(): void {
    clearTimeout(this.timer);
  }
}
