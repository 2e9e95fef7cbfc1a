import type { RedisCommands } from "./redis-commands";
import { tickBatcher } from "./tick-batcher";

/** `EXISTS` for each key, as an array of 0/1. */
const EXISTS_EACH_SCRIPT = `
local replies = {}
for i, key in ipairs(KEYS) do
  replies[i] = redis.call("EXISTS", key)
end
return replies`;

/** Answers whether a job hash exists, for many requests at once. */
export type JobProbe = (jobKey: string) => Promise<boolean>;

/**
 * Whether each job key exists, the probes of one event-loop turn sent as one command. Callers
 * await the answer before adding, so the probe sees the queue as it was before their add.
 * A key probed twice in one turn (concurrent submissions of one imp_uid) exists for the second
 * caller: the first one adds it.
 */
export function createJobProbe(redis: RedisCommands): JobProbe {
  return tickBatcher<string, boolean>(async (keys) => {
    const distinct = [...new Set(keys)];
    const replies = (await redis.call(
      "EVAL",
      EXISTS_EACH_SCRIPT,
      distinct.length,
      ...distinct,
    )) as number[];
    const existed = new Map(distinct.map((key, i) => [key, replies[i] === 1]));
    const seen = new Set<string>();
    return keys.map((key) => {
      const first = !seen.has(key);
      seen.add(key);
      return first ? existed.get(key) === true : true;
    });
  });
}
