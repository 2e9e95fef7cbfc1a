import { seededRandom } from "./deterministic";
import { SandboxInputError } from "./errors";
import { FaultRules } from "./fault-rules";
import {
  DEFAULT_FAULTS,
  drawRunFault,
  type FaultSpec,
  parseFaultSpec,
  parseFaults,
  type SandboxFaults,
} from "./faults";
import { PortOneState, type PortOneStateOptions } from "./portone-state";
import { Registry, type SandboxEntry } from "./registry";
import { CallStats, type SandboxStats } from "./stats";
import { type IssuedToken, TokenStore } from "./token-store";

/** Default credentials the sandbox accepts (documented for demo and tests). */
export const SANDBOX_API_KEY = "sandbox_key";
export const SANDBOX_API_SECRET = "sandbox_secret";

export interface SandboxOptions extends Omit<PortOneStateOptions, "now"> {
  /** The `imp_key` getToken accepts. Default `sandbox_key`. */
  readonly apiKey?: string;
  /** The `imp_secret` getToken accepts. Default `sandbox_secret`. */
  readonly apiSecret?: string;
  /** Faults from the start; `reset()` returns to these. Default none ({@link DEFAULT_FAULTS}). */
  readonly faults?: Partial<SandboxFaults>;
  /** The real clock, ms since the epoch (the provider clock adds `skewSeconds`). Default `Date.now`. */
  readonly now?: () => number;
  /** Seed of the PRNG behind per-run fault draws, for repeatable runs. Default random. */
  readonly seed?: number;
}

/**
 * Everything the sandbox knows: tokens, registered records, fault settings and counters. The
 * HTTP routes and the in-process helpers of `startSandbox()` both work on one instance.
 */
export class SandboxState {
  readonly tokens = new TokenStore();
  readonly registry = new Registry();
  readonly rules = new FaultRules();
  readonly calls = new CallStats();
  /** The PortOne V2 endpoint's credentials, registrations and rules. */
  readonly portone: PortOneState;
  private readonly apiKey: string;
  private readonly apiSecret: string;
  private readonly initialFaults: SandboxFaults;
  private readonly clock: () => number;
  private random: () => number;
  private current: SandboxFaults;

  constructor(options: SandboxOptions = {}) {
    this.apiKey = options.apiKey ?? SANDBOX_API_KEY;
    this.apiSecret = options.apiSecret ?? SANDBOX_API_SECRET;
    this.initialFaults = parseFaults(options.faults ?? {});
    this.current = this.initialFaults;
    this.clock = options.now ?? Date.now;
    this.portone = new PortOneState({ ...options, now: this.clock });
    this.random = seededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32));
  }

  get faults(): SandboxFaults {
    return this.current;
  }

  /** The provider's clock, unix seconds (skewed by `skewSeconds`). */
  providerNow(): number {
    return Math.floor(this.clock() / 1000) + this.current.skewSeconds;
  }

  /** getToken: the token, or null for a wrong key or secret (or the `wrongKey` fault). */
  issueToken(key: unknown, secret: unknown): IssuedToken | null {
    if (this.current.wrongKey || key !== this.apiKey || secret !== this.apiSecret) return null;
    return this.tokens.issue(this.providerNow(), this.current.tokenTtlSeconds);
  }

  isAuthorized(token: string | null): boolean {
    return token !== null && this.tokens.isValid(token, this.providerNow());
  }

  /**
   * This request's fault: `X-Sandbox-Fault` first, then a rule for the imp_uid (which it
   * consumes), then a per-run draw. An unparsable header is ignored rather than failing a run.
   */
  faultFor(
    header: string | undefined,
    impUid: string | null,
    rules: FaultRules = this.rules,
  ): FaultSpec | null {
    if (header !== undefined && header !== "") {
      try {
        return parseFaultSpec(header);
      } catch {
        // fall through to rules and per-run faults
      }
    }
    const rule = impUid === null ? null : rules.take(impUid);
    return rule ?? drawRunFault(this.current, this.random);
  }

  /** Replaces the per-run faults; fields left out take their defaults. */
  setFaults(faults: Partial<SandboxFaults>): SandboxFaults {
    this.current = parseFaults(faults, DEFAULT_FAULTS);
    return this.current;
  }

  /** Changes only the given per-run faults. */
  updateFaults(faults: Partial<SandboxFaults>): SandboxFaults {
    this.current = parseFaults(faults, this.current);
    return this.current;
  }

  register(impUid: string, entry: SandboxEntry): void {
    this.registry.register(impUid, entry);
  }

  /**
   * Makes the next `times` fetches of `impUid` fail with `fault` (grammar of `X-Sandbox-Fault`);
   * `rules` is `portone.rules` for a V2 id.
   */
  addFaultRule(impUid: string, fault: string, times = 1, rules: FaultRules = this.rules): void {
    if (!Number.isInteger(times) || times < 1) {
      throw new SandboxInputError("times must be a positive integer");
    }
    rules.add(impUid, parseFaultSpec(fault), times);
  }

  /** Invalidates every issued token: the next certification request with one answers 401. */
  revokeTokens(): void {
    this.tokens.revokeAll();
  }

  stats(): SandboxStats {
    return this.calls.snapshot(this.tokens.issued);
  }

  /** Back to the start: no registrations, rules, tokens or counts; the initial faults. */
  reset(): void {
    this.tokens.reset();
    this.registry.clear();
    this.rules.clear();
    this.calls.reset();
    this.portone.reset();
    this.current = this.initialFaults;
  }
}
