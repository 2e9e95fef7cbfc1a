import { SandboxInputError } from "./errors";
import { generateCertification } from "./records";

/**
 * What the sandbox serves for one imp_uid instead of the generated record:
 * - `record`: HTTP 200 `{"code":0,"message":null,"response":certification}`; `certification`
 *   is sent as given, so a test can register absent, null or wrongly typed fields;
 * - `not-found`: the provider's 404 envelope;
 * - `raw`: this status, content type, headers and body verbatim (invalid JSON, an HTML page, a
 *   hand-written envelope such as `{"code":0,"response":null}`).
 */
export type SandboxEntry =
  | { readonly kind: "record"; readonly certification: unknown }
  | { readonly kind: "not-found" }
  | {
      readonly kind: "raw";
      readonly status: number;
      readonly body: string;
      /** Default `application/json; charset=utf-8`. */
      readonly contentType?: string;
      /** Extra response headers, e.g. `Retry-After`. */
      readonly headers?: Readonly<Record<string, string>>;
    };

/** Checks a control-API body and returns it as an entry. */
export function parseEntry(input: unknown): SandboxEntry {
  const body = (typeof input === "object" && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  switch (body.kind) {
    case "record":
      if (!("certification" in body)) throw new SandboxInputError("record needs certification");
      return { kind: "record", certification: body.certification };
    case "not-found":
      return { kind: "not-found" };
    case "raw": {
      const { status, contentType, headers } = body;
      if (typeof status !== "number" || !Number.isInteger(status) || status < 200 || status > 599) {
        throw new SandboxInputError("raw status must be an integer in [200, 599]");
      }
      if (typeof body.body !== "string") throw new SandboxInputError("raw body must be a string");
      if (contentType !== undefined && typeof contentType !== "string") {
        throw new SandboxInputError("raw contentType must be a string");
      }
      const validHeaders =
        headers === undefined ||
        (typeof headers === "object" &&
          headers !== null &&
          Object.values(headers).every((v) => typeof v === "string"));
      if (!validHeaders) throw new SandboxInputError("raw headers must map names to strings");
      return {
        kind: "raw",
        status,
        body: body.body,
        contentType,
        headers: headers as Record<string, string> | undefined,
      };
    }
    default:
      throw new SandboxInputError('kind must be "record", "not-found" or "raw"');
  }
}

/** Registered entries over generated data, plus deletions made through the provider API. */
export class Registry {
  private readonly entries = new Map<string, SandboxEntry>();

  register(impUid: string, entry: SandboxEntry): void {
    this.entries.set(impUid, entry);
  }

  /** Forgets a registration, so the generated record is served again. */
  unregister(impUid: string): boolean {
    return this.entries.delete(impUid);
  }

  /** What `GET /certifications/:imp_uid` serves. */
  resolve(impUid: string): SandboxEntry {
    const entry = this.entries.get(impUid);
    if (entry !== undefined) return entry;
    const generated = generateCertification(impUid);
    return generated === null
      ? { kind: "not-found" }
      : { kind: "record", certification: generated };
  }

  /** `DELETE /certifications/:imp_uid`: what was served, after which the id answers 404. */
  remove(impUid: string): SandboxEntry {
    const entry = this.resolve(impUid);
    if (entry.kind === "record") this.entries.set(impUid, { kind: "not-found" });
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}
