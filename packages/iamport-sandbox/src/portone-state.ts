import { SandboxInputError } from "./errors";
import { FaultRules } from "./fault-rules";
import { parseEntry, type SandboxEntry } from "./registry";
import { generateIdentityVerification } from "./v2-records";

/** Default V2 API secret the sandbox accepts (`Authorization: PortOne sandbox_v2_secret`). */
export const SANDBOX_V2_SECRET = "sandbox_v2_secret";

/**
 * What the sandbox serves for one V2 id instead of the generated verification: `record` sends
 * `identityVerification` verbatim with HTTP 200 (wrong types included), `not-found` the 404
 * `IDENTITY_VERIFICATION_NOT_FOUND` body, `raw` a status, content type, headers and body as given.
 */
export type SandboxV2Entry =
  | { readonly kind: "record"; readonly identityVerification: unknown }
  | { readonly kind: "not-found" }
  | Extract<SandboxEntry, { kind: "raw" }>;

/** Checks a control-API body for a V2 id (`not-found` and `raw` as for V1). */
export function parseV2Entry(input: unknown): SandboxV2Entry {
  const body =
    typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
  if (body.kind !== "record") return parseEntry(body) as SandboxV2Entry;
  if (!("identityVerification" in body)) {
    throw new SandboxInputError("record needs identityVerification");
  }
  return { kind: "record", identityVerification: body.identityVerification };
}

export interface PortOneStateOptions {
  /** The V2 API secret accepted after `PortOne `. Default `sandbox_v2_secret`. */
  readonly v2Secret?: string;
  /** When set, a request naming another `storeId` answers 403 FORBIDDEN. Default none. */
  readonly storeId?: string;
  readonly now?: () => number;
}

/**
 * The PortOne V2 half of the sandbox: its credentials, registrations, per-id fault rules and
 * how far each `ready-then-verified` id has got (served fetches and the time of the first).
 */
export class PortOneState {
  readonly rules = new FaultRules();
  readonly storeId: string | null;
  readonly #secret: string;
  private readonly clock: () => number;
  private readonly entries = new Map<string, SandboxV2Entry>();
  private readonly progress = new Map<string, { served: number; firstAt: number }>();

  constructor(options: PortOneStateOptions = {}) {
    this.#secret = options.v2Secret ?? SANDBOX_V2_SECRET;
    this.storeId = options.storeId ?? null;
    this.clock = options.now ?? Date.now;
  }

  /** True for `Authorization: PortOne <the secret>` (scheme case-insensitive). */
  isAuthorized(authorization: string | undefined): boolean {
    const match = /^PortOne\s+(.+)$/i.exec(authorization?.trim() ?? "");
    return match?.[1] === this.#secret;
  }

  /** A request without `storeId` uses the secret's store; one naming another store is refused. */
  storeAllowed(storeId: string | null): boolean {
    return storeId === null || this.storeId === null || storeId === this.storeId;
  }

  register(id: string, entry: SandboxV2Entry): void {
    this.entries.set(id, entry);
  }

  unregister(id: string): boolean {
    return this.entries.delete(id);
  }

  /** What `GET /identity-verifications/:id` serves now; a served generated fetch moves READY on. */
  resolve(id: string): SandboxV2Entry {
    const entry = this.entries.get(id);
    if (entry !== undefined) return entry;
    const now = this.clock();
    const seen = this.progress.get(id) ?? { served: 0, firstAt: now };
    const record = generateIdentityVerification(id, {
      served: seen.served,
      elapsedMs: now - seen.firstAt,
    });
    // Only ids that change over time keep progress, so a load test does not grow the map.
    if (record?.status === "READY" || this.progress.has(id)) {
      this.progress.set(id, { served: seen.served + 1, firstAt: seen.firstAt });
    }
    return record === null
      ? { kind: "not-found" }
      : { kind: "record", identityVerification: record };
  }

  reset(): void {
    this.entries.clear();
    this.progress.clear();
    this.rules.clear();
  }
}
