import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from "cockatiel";

/** Breaker state as metrics and logs name it. */
export type BreakerState = "closed" | "open" | "half_open";

export interface ProviderBreakerOptions {
  /** Consecutive provider outages (5xx, timeouts, dropped connections) that open the breaker. Default 5. */
  readonly threshold?: number;
  /**
   * How long the breaker stays open before one trial call goes through, in ms. Jobs that meet
   * the open breaker wait this long (the job is delayed) instead of calling. Default 5000.
   */
  readonly halfOpenAfterMs?: number;
  /** Which errors mean "the provider is down". Others (404, 429, bad key) pass through uncounted. */
  readonly isOutage: (err: unknown) => boolean;
  /** Called on every state change, for logs and the breaker-state gauge. Default: none. */
  readonly onStateChange?: (state: BreakerState) => void;
}

/** One per provider per process: every job of the process shares what it learned about that provider. */
export interface ProviderBreaker {
  /** Runs `fn` unless the breaker is open; then throws cockatiel's `BrokenCircuitError`. */
  execute<T>(fn: () => Promise<T>): Promise<T>;
  readonly state: BreakerState;
  /** Milliseconds until the breaker lets a trial call through; 0 unless open. */
  remainingOpenMs(): number;
}

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "half_open",
  [CircuitState.Isolated]: "open",
};

/** A cockatiel consecutive-failure breaker around provider calls. */
export function createProviderBreaker(options: ProviderBreakerOptions): ProviderBreaker {
  const halfOpenAfterMs = options.halfOpenAfterMs ?? 5000;
  const policy = circuitBreaker(handleWhen(options.isOutage), {
    halfOpenAfter: halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.threshold ?? 5),
  });
  let openedAt = 0;
  policy.onBreak(() => {
    openedAt = Date.now();
  });
  policy.onStateChange((state) => options.onStateChange?.(STATE_NAMES[state]));
  return {
    execute: (fn) => policy.execute(fn),
    get state() {
      return STATE_NAMES[policy.state];
    },
    remainingOpenMs() {
      if (policy.state !== CircuitState.Open) return 0;
      return Math.max(0, openedAt + halfOpenAfterMs - Date.now());
    },
  };
}

/** True for the error the breaker throws instead of calling the provider. */
export function isBreakerOpen(err: unknown): err is BrokenCircuitError {
  return err instanceof BrokenCircuitError;
}
