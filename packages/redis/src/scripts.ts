import { Cluster } from "ioredis";

/** Anything that sends a raw command: an ioredis `Redis` or `Cluster`. */
export interface CommandSender {
  call(command: string, ...args: string[]): Promise<unknown>;
}

/**
 * Sends a command that carries no key but must reach the node that will run a keyed command
 * later, e.g. `SCRIPT LOAD` before `EVALSHA`: on a cluster a keyless command lands on any one
 * node, so it is sent to every primary (each answers the same SHA1); elsewhere it is sent once.
 */
export async function callOnEveryPrimary(
  redis: CommandSender,
  command: string,
  ...args: string[]
): Promise<unknown> {
  if (!(redis instanceof Cluster)) return redis.call(command, ...args);
  const answers = await Promise.all(
    redis.nodes("master").map((node) => node.call(command, ...args)),
  );
  return answers[0];
}
