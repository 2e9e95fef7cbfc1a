import { z } from "zod";
import { ConfigError } from "./errors";

/** What a loader receives: `process.env` or any string map. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Blank values count as unset, so `FOO=` in an env file means "use the default". */
function withoutBlanks(env: Env): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== "") result[key] = value;
  }
  return result;
}

/**
 * Parses `env` against `shape` (variable name -> schema) and throws one {@link ConfigError}
 * listing every problem, first problem per variable, in the shape's order.
 */
export function parseEnv<S extends z.ZodRawShape>(shape: S, env: Env): z.output<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(withoutBlanks(env));
  if (result.success) return result.data;
  const problems = new Map<string, string>();
  for (const issue of result.error.issues) {
    const variable = String(issue.path[0] ?? "environment");
    if (!problems.has(variable)) problems.set(variable, issue.message);
  }
  const order = Object.keys(shape);
  const sorted = [...problems].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  throw new ConfigError(sorted.map(([variable, problem]) => ({ variable, problem })));
}

/** `T` with every property, at every depth, read-only. */
export type Frozen<T> = { readonly [K in keyof T]: T[K] extends object ? Frozen<T[K]> : T[K] };

/** Freezes `value` and every nested plain object, so a loaded config cannot drift at run time. */
export function deepFreeze<T extends object>(value: T): Frozen<T> {
  for (const nested of Object.values(value)) {
    if (nested !== null && typeof nested === "object") deepFreeze(nested);
  }
  return Object.freeze(value) as Frozen<T>;
}

/** The parsed variables of a shape, as its zod schemas output them. */
export type Parsed<S extends z.ZodRawShape> = z.output<z.ZodObject<S>>;
