export interface CallBatcherOptions<I, O> {
  /**
   * Runs one batch. Resolves with one settled result per item, in order (so one bad item can
   * fail alone); a rejection fails every item of the batch.
   */
  readonly run: (items: I[]) => Promise<PromiseSettledResult<O>[]>;
  /** Most items in one batch. Default: no limit. */
  readonly maxBatchSize?: number;
  /** Most batches running at once. Default 1. */
  readonly maxInFlight?: number;
  /**
   * How long the oldest waiting item lingers for company before its batch may start, in ms.
   * Default 0: a batch starts in the next event-loop turn, or as soon as a running one ends.
   */
  readonly lingerMs?: number;
  /**
   * Keys an item must not share with another of its batch or of a running batch; such an item
   * waits, in arrival order, for a later batch. Default: no keys.
   */
  readonly keysOf?: (item: I) => readonly string[];
}

export interface CallBatcher<I, O> {
  /** Hands over one item; settles with its own result once its batch has run. */
  add(item: I): Promise<O>;
  /** Resolves when everything handed over so far has settled. */
  drain(): Promise<void>;
}

interface Pending<I, O> {
  readonly item: I;
  readonly since: number;
  readonly resolve: (value: O) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for calls: items handed over while batches run (or in the same event-loop turn,
 * or within `lingerMs` of the oldest) go into one `run` call. A batch never waits for a timer
 * beyond `lingerMs`, so at low load each item runs alone at once, and under load one round
 * trip serves many callers. DataLoader was considered: it cannot keep items with a shared key
 * apart nor wait for a running batch, which both the outcome writer and the mark rely on.
 */
export function createCallBatcher<I, O>(options: CallBatcherOptions<I, O>): CallBatcher<I, O> {
  const { run, keysOf = () => [] } = options;
  const maxBatchSize = options.maxBatchSize ?? Number.POSITIVE_INFINITY;
  const maxInFlight = options.maxInFlight ?? 1;
  const lingerMs = options.lingerMs ?? 0;
  let queue: Pending<I, O>[] = [];
  const running = new Set<Promise<void>>();
  /** Keys of the items in running batches. */
  const busy = new Set<string>();
  let timer: NodeJS.Immediate | NodeJS.Timeout | undefined;

  function schedule(): void {
    const oldest = queue[0];
    if (timer || !oldest || running.size >= maxInFlight) return;
    const waitMs = oldest.since + lingerMs - Date.now();
    const start = () => {
      timer = undefined;
      startBatch();
    };
    timer = waitMs > 0 ? setTimeout(start, waitMs) : setImmediate(start);
  }

  function startBatch(): void {
    if (running.size >= maxInFlight) return;
    const batch = takeBatch();
    if (batch.length === 0) return;
    const keys = batch.flatMap((p) => keysOf(p.item));
    for (const key of keys) busy.add(key);
    const done = settle(batch).finally(() => {
      running.delete(done);
      for (const key of keys) busy.delete(key);
      schedule();
    });
    running.add(done);
    schedule();
  }

  /** The oldest items up to the limit, skipping any whose key is taken (they keep their order). */
  function takeBatch(): Pending<I, O>[] {
    const batch: Pending<I, O>[] = [];
    const rest: Pending<I, O>[] = [];
    const taken = new Set<string>();
    for (const pending of queue) {
      const keys = keysOf(pending.item);
      const clash = keys.some((key) => taken.has(key) || busy.has(key));
      // An item left behind still holds its keys, so nothing later with them overtakes it.
      for (const key of keys) taken.add(key);
      if (batch.length >= maxBatchSize || clash) rest.push(pending);
      else batch.push(pending);
    }
    queue = rest;
    return batch;
  }

  async function settle(batch: Pending<I, O>[]): Promise<void> {
    try {
      const results = await run(batch.map((p) => p.item));
      batch.forEach((pending, i) => {
        const result = results[i];
        if (result?.status === "fulfilled") pending.resolve(result.value);
        else pending.reject(result ? result.reason : new Error("batch returned no result"));
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }

  return {
    add(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, since: Date.now(), resolve, reject });
        schedule();
      });
    },
    async drain() {
      while (running.size > 0 || timer || queue.length > 0) {
        await Promise.race([...running, new Promise((resolve) => setTimeout(resolve, 1))]);
      }
    },
  };
}
