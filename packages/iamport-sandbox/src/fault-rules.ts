import type { FaultSpec } from "./faults";

interface Rule {
  readonly spec: FaultSpec;
  remaining: number;
}

/**
 * Faults aimed at one imp_uid for its next N fetches ("the next 2 fetches of imp_X answer
 * 503"). Rules for the same id queue up and are used in the order they were added.
 */
export class FaultRules {
  private readonly rules = new Map<string, Rule[]>();

  add(impUid: string, spec: FaultSpec, times: number): void {
    const queue = this.rules.get(impUid) ?? [];
    queue.push({ spec, remaining: times });
    this.rules.set(impUid, queue);
  }

  /** The fault for this fetch of `impUid`, counting it against its rule; null when none. */
  take(impUid: string): FaultSpec | null {
    const queue = this.rules.get(impUid);
    const rule = queue?.[0];
    if (queue === undefined || rule === undefined) return null;
    rule.remaining -= 1;
    if (rule.remaining <= 0) queue.shift();
    if (queue.length === 0) this.rules.delete(impUid);
    return rule.spec;
  }

  /** Fetches still to be faulted for `impUid`. */
  pending(impUid: string): number {
    return (this.rules.get(impUid) ?? []).reduce((sum, rule) => sum + rule.remaining, 0);
  }

  clear(): void {
    this.rules.clear();
  }
}
