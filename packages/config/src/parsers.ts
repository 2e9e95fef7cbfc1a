import { PiiKeyError, parseEncryptionKeys, parseHmacKey } from "@cert/pii";
import { z } from "zod";

/**
 * Building blocks for environment variables. Every message is written here, without the value,
 * so a secret can never leak through a validation error (zod's defaults sometimes quote input).
 * Inputs are strings or `undefined`; blank values were already turned into `undefined`.
 */

const REQUIRED = "is required";

/** A required non-empty string (a secret, typically). */
export function requiredString() {
  return z.string({ error: REQUIRED });
}

/** An integer in `[min, max]`, `fallback` when unset. */
export function integer(min: number, max: number, fallback: number) {
  const problem = `must be an integer between ${min} and ${max}`;
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return fallback;
      const value = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
      if (!Number.isSafeInteger(value) || value < min || value > max) {
        ctx.addIssue({ code: "custom", message: problem });
        return z.NEVER;
      }
      return value;
    });
}

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

/** A boolean written `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`), `fallback` when unset. */
export function boolean(fallback: boolean) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return fallback;
      const word = raw.trim().toLowerCase();
      if (TRUE.has(word)) return true;
      if (FALSE.has(word)) return false;
      ctx.addIssue({ code: "custom", message: "must be true or false" });
      return z.NEVER;
    });
}

/** One of `values`, `fallback` when unset. */
export function oneOf<const T extends readonly [string, ...string[]]>(
  values: T,
  fallback: T[number],
) {
  return z
    .enum(values, { error: `must be one of ${values.join(", ")}` })
    .optional()
    .transform((value): T[number] => value ?? fallback);
}

function hasProtocol(raw: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(raw).protocol);
  } catch {
    return false;
  }
}

/**
 * A required absolute URL whose scheme is one of `protocols` (e.g. `["redis:", "rediss:"]`).
 * The string is kept as written: drivers parse it themselves.
 */
export function url(protocols: readonly string[]) {
  const schemes = protocols.map((p) => `${p}//`).join(" or ");
  return requiredString().refine((raw) => hasProtocol(raw, protocols), {
    error: `must be a valid ${schemes} URL`,
  });
}

/** Like {@link url}, `fallback` when unset. */
export function urlWithDefault(protocols: readonly string[], fallback: string) {
  return url(protocols)
    .optional()
    .transform((value) => value ?? fallback);
}

/** True for a loopback host as `URL.hostname` writes it: 127.0.0.0/8, `[::1]`, `localhost`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** An `https:` URL, or an `http:` one to a loopback host (a local sandbox or proxy). */
function isProviderUrl(raw: string): boolean {
  try {
    const parsed = new URL(raw);
    if (parsed.protocol === "https:") return true;
    return parsed.protocol === "http:" && isLoopbackHost(parsed.hostname);
  } catch {
    return false;
  }
}

/**
 * A provider API's base URL: credentials and personal data travel on it, so it must be
 * `https://`, except to a loopback host (the sandbox, a local TLS-terminating proxy).
 */
export function providerUrl() {
  return requiredString().refine(isProviderUrl, {
    error: "must be an https:// URL (http:// only to 127.0.0.0/8, ::1 or localhost)",
  });
}

/** Like {@link providerUrl}, `fallback` when unset. */
export function providerUrlWithDefault(fallback: string) {
  return providerUrl()
    .optional()
    .transform((value) => value ?? fallback);
}

/** Optional Redis key-ish name: letters, digits and `: _ . - { }`, at most 100 characters. */
export function keyName(fallback: string) {
  return z
    .string()
    .regex(/^[A-Za-z0-9:_.{}-]{1,100}$/, {
      error: "must be 1-100 letters, digits or ':', '_', '.', '-', '{', '}'",
    })
    .optional()
    .transform((value) => value ?? fallback);
}

/** An optional finite number (decimals allowed); unset stays `undefined`. */
export function decimal() {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      const value = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
      if (!Number.isFinite(value)) {
        ctx.addIssue({ code: "custom", message: "must be a number" });
        return z.NEVER;
      }
      return value;
    });
}

/** Like {@link decimal}, but the word `none` gives `null`. */
export function decimalOrNone() {
  const number = decimal();
  return z
    .string()
    .optional()
    .transform((raw, ctx): number | null | undefined => {
      if (raw?.trim().toLowerCase() === "none") return null;
      const parsed = number.safeParse(raw);
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: "custom", message: "must be a number or none" });
      return z.NEVER;
    });
}

/** An optional string; unset stays `undefined`. */
export function optionalString() {
  return z.string().optional();
}

/** An optional string, `fallback` when unset. */
export function stringWithDefault(fallback: string) {
  return z
    .string()
    .optional()
    .transform((value) => value ?? fallback);
}

/** One `host:port` address. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/** A non-empty comma-separated list of `host:port` (IPv6 hosts in brackets). */
export function hostPortList() {
  return z.string().transform((raw, ctx): HostPort[] => {
    const entries = raw.split(",").map((entry) => entry.trim());
    const parsed = entries.map((entry) => HOST_PORT.exec(entry));
    const valid = parsed.every((m) => m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 65_535);
    if (!valid || entries.length === 0) {
      ctx.addIssue({ code: "custom", message: "must be host:port[,host:port...]" });
      return z.NEVER;
    }
    return parsed.map((m) => ({
      host: (m as RegExpExecArray)[1].replace(/^\[|\]$/g, ""),
      port: Number((m as RegExpExecArray)[2]),
    }));
  });
}

/**
 * A personal-data key variable, checked by `parse` (@cert/pii's parser for it) and kept as
 * written: the process builds its cipher from the text, so the config holds no Buffers (which
 * cannot be frozen). The parser's message names what is wrong, never the value.
 */
function piiKey(parse: (text: string) => unknown) {
  return z.string({ error: REQUIRED }).superRefine((raw, ctx) => {
    try {
      parse(raw);
    } catch (error) {
      if (!(error instanceof PiiKeyError)) throw error;
      ctx.addIssue({ code: "custom", message: error.detail });
    }
  });
}

/** `PII_ENCRYPTION_KEYS`: `keyId:base64(32 bytes)` pairs, comma-separated. */
export function piiEncryptionKeys() {
  return piiKey((raw) => parseEncryptionKeys(raw));
}

/** `PII_HMAC_KEY`: base64, at least 32 bytes. */
export function piiHmacKey() {
  return piiKey((raw) => parseHmacKey(raw));
}
