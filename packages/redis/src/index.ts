export {
  type BlockingConnectionOptions,
  createBlockingConnection,
  createFailFastConnection,
  type FailFastConnectionOptions,
  quitOrDisconnect,
  waitUntilReady,
} from "./connections";
export { classifyRedisError, isRedisUnavailableError, RedisUnavailableError } from "./errors";
