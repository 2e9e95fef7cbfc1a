import { ConfigError } from "@cert/config";
import { DemoError } from "./errors";

/**
 * What to print for an error that ended the demo: the message for errors written for people
 * (configuration, demo, database, provider errors carry a stable `code`), the stack otherwise,
 * since anything else is a bug worth a trace. Messages of this codebase never hold secrets or
 * personal data.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof DemoError) return error.message;
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  if (error instanceof Error && typeof code === "string") return `${error.message} (${code})`;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
