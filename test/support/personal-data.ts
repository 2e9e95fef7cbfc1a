import type { RawCertification } from "@cert/iamport-sandbox";

/** One value that must never appear in anything the system writes outside Postgres. */
export interface Secret {
  /** What kind of value it is, for the failure message (never the value itself). */
  kind: string;
  value: string;
}

const PERSONAL_FIELDS = ["name", "phone", "unique_key", "unique_in_site", "birthday"] as const;

/** `\uXXXX` escapes of non-ASCII characters, as some JSON writers emit them. */
function asciiEscaped(text: string): string {
  return text.replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * The personal values of a provider record: name, phone, CI (unique_key), DI (unique_in_site) and
 * birthday, each also `\u`-escaped when it has non-ASCII characters (names). A birthday without
 * dashes is not searched: eight digits also occur inside millisecond timestamps.
 */
export function personalValuesOf(record: RawCertification): Secret[] {
  const secrets: Secret[] = [];
  for (const field of PERSONAL_FIELDS) {
    const value = record[field];
    if (typeof value !== "string" || value.length < 4) continue;
    secrets.push({ kind: field, value });
    const escaped = asciiEscaped(value);
    if (escaped !== value) secrets.push({ kind: `${field} (escaped)`, value: escaped });
  }
  return secrets;
}

/** Where a secret was found: the place and the kind of value, never the value itself. */
export interface Leak {
  where: string;
  kind: string;
}

/**
 * Scans texts (log lines, Redis values, HTTP bodies) for every secret. Returns the leaks,
 * described without the values, so a failing assertion does not itself leak them.
 */
export function findLeaks(
  texts: Iterable<{ where: string; text: string }>,
  secrets: readonly Secret[],
): Leak[] {
  const leaks: Leak[] = [];
  for (const { where, text } of texts) {
    for (const secret of secrets) {
      if (text.includes(secret.value)) leaks.push({ where, kind: secret.kind });
    }
  }
  return leaks;
}
