/**
 * Thrown when the environment does not describe a runnable process.
 *
 * The message is one line naming every offending variable and what is wrong with it, and never
 * contains a value: values may be secrets (API keys, tokens, passwords inside URLs).
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  /** Stable, safe code for logs and metrics. */
  readonly code = "invalid_config";
  /** Retrying with the same environment cannot help. */
  readonly retryable = false;
  /** The offending variable names, in the order they were reported. */
  readonly variables: readonly string[];
  /** Each variable with what is wrong with it (never its value). */
  readonly problems: ReadonlyArray<{ readonly variable: string; readonly problem: string }>;

  constructor(problems: ReadonlyArray<{ variable: string; problem: string }>) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable} ${p.problem}`).join("; ")}`);
    this.variables = Object.freeze(problems.map((p) => p.variable));
    this.problems = Object.freeze(problems.map((p) => Object.freeze({ ...p })));
  }
}
