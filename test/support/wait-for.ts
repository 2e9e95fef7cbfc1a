import { setTimeout as sleep } from "node:timers/promises";

export interface WaitForOptions {
  /** What is awaited, for the failure message. */
  what: string;
  /** Give up after this long, in ms. Generous by default: these tests assert outcomes, not speed. Default 60000. */
  timeoutMs?: number;
  /** Pause between probes, in ms. Default 250. */
  intervalMs?: number;
  /** Describes the state reached so far, added to the timeout message. Default none. */
  progress?: () => Promise<string> | string;
}

/**
 * Polls `probe` until it returns something other than `undefined` or `false`, and returns that.
 * A probe that throws counts as "not yet" (a dependency may be restarting); on timeout the last
 * error and `progress` are quoted, so a failure says how far the system got.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitForOptions,
): Promise<T> {
  const { timeoutMs = 60_000, intervalMs = 250, what } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const state = options.progress ? await Promise.resolve(options.progress()).catch(String) : "";
      const error = lastError instanceof Error ? ` last error: ${lastError.message}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}.${error} ${state}`);
    }
    await sleep(intervalMs);
  }
}
