/** Query parameters that may carry credentials in connection strings (`?password=`, `?sslkey=`...). */
const SECRET_PARAM = /pass|secret|token|key/i;

/** What replaces a hidden credential; plain ASCII so it survives URL encoding unchanged. */
const MASK = "***";

/**
 * A connection URL safe to log: the password (and credential-like query parameters) replaced
 * by `***`. A string that does not parse is not echoed at all.
 *
 * @example redactUrl("postgres://app:s3cret@db:5432/app") // "postgres://app:***@db:5432/app"
 */
export function redactUrl(raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return "[invalid url]";
  }
  if (parsed.password !== "") parsed.password = MASK;
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, MASK);
  }
  return parsed.toString();
}
