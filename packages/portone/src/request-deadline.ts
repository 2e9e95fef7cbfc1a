import { EventEmitter } from "node:events";

/** Named like the `AbortSignal.timeout` reason, so the transport reads both alike. */
class DeadlineExceeded extends Error {
  override readonly name = "TimeoutError";
}

/**
 * One request's overall deadline, given to undici as its `signal` (undici accepts an
 * `EventEmitter` with `aborted` and `reason`). Not an `AbortController` or
 * `AbortSignal.timeout`: under load those outlive young-generation GCs and drag each request's
 * undici state into the old generation; an emitter with a cleared timer dies young.
 */
export class RequestDeadline extends EventEmitter {
  aborted = false;
  reason: Error | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(ms: number) {
    super();
    this.timer = setTimeout(() => {
      this.aborted = true;
      this.reason = new DeadlineExceeded();
      this.emit("abort");
    }, ms);
  }

  /** Call once the answer is read (or the request failed), so the timer goes at once. */
  clear(): void {
    clearTimeout(this.timer);
  }
}
