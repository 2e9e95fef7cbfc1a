/** Redis names of one demo run. */
export interface RunNames {
  readonly queuePrefix: string;
  readonly outcomeStream: string;
  /** The names made for this run alone, whose keys are deleted at the end. */
  readonly owned: { readonly queuePrefix?: string; readonly outcomeStream?: string };
}

/**
 * On a shared Redis each run gets names of its own (`demo-<stamp>`), so runs never read each
 * other's jobs or events; explicit `QUEUE_PREFIX` / `OUTCOME_STREAM` always win. A private
 * Redis keeps the configured names (defaults `cert` and `age-check-outcomes`), as production.
 */
export function runNames(
  env: Readonly<Record<string, string | undefined>>,
  configured: { readonly queuePrefix: string; readonly outcomeStream: string },
  redisShared: boolean,
  runStamp: string,
): RunNames {
  const fresh = (variable: string) => redisShared && !env[variable]?.trim();
  const queuePrefix = fresh("QUEUE_PREFIX") ? `demo-${runStamp}` : undefined;
  const outcomeStream = fresh("OUTCOME_STREAM") ? `demo-${runStamp}-outcomes` : undefined;
  return {
    queuePrefix: queuePrefix ?? configured.queuePrefix,
    outcomeStream: outcomeStream ?? configured.outcomeStream,
    owned: { queuePrefix, outcomeStream },
  };
}
