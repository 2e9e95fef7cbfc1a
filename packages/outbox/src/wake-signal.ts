/**
 * A level-triggered doorbell: `ring()` before anyone waits is remembered, so a nudge that
 * arrives while the relay is busy publishing makes the next wait return at once instead of
 * sleeping a full poll interval.
 */
export interface WakeSignal {
  ring(): void;
  /** Resolves on the next ring (or a pending one), or after `timeoutMs`. */
  wait(timeoutMs: number): Promise<void>;
}

export function createWakeSignal(): WakeSignal {
  let pending = false;
  let release: (() => void) | undefined;
  return {
    ring() {
      pending = true;
      release?.();
    },
    wait(timeoutMs) {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        function done() {
          clearTimeout(timer);
          release = undefined;
          pending = false;
          resolve();
        }
        release = done;
      });
    },
  };
}
