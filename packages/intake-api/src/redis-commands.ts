/** The one Redis method the auxiliary connection must offer; an ioredis client has it. */
export interface RedisCommands {
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
}
