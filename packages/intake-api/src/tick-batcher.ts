interface Pending<T, R> {
  readonly item: T;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

/** Runs one batch: a result per item, in the same order. */
export type BatchRunner<T, R> = (items: readonly T[]) => Promise<readonly R[]>;

/**
 * Batches calls made during one event-loop turn into a single `run`. Under load many requests
 * are read in the same turn; their Redis commands then cost one command instead of one each
 * (a command costs a third of a whole `queue.add` in ioredis CPU time). At low load a batch
 * holds one item and the only cost is waiting for the end of the turn (`setImmediate`).
 * A failed run rejects every item of its batch.
 */
export function tickBatcher<T, R>(run: BatchRunner<T, R>): (item: T) => Promise<R> {
  let pending: Pending<T, R>[] | undefined;

  const flush = () => {
    const batch = pending ?? [];
    pending = undefined;
    run(batch.map((entry) => entry.item)).then(
      (results) => {
        for (const [index, entry] of batch.entries()) entry.resolve(results[index] as R);
      },
      (error: unknown) => {
        for (const entry of batch) entry.reject(error);
      },
    );
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      if (pending === undefined) {
        pending = [];
        setImmediate(flush);
      }
      pending.push({ item, resolve, reject });
    });
}
