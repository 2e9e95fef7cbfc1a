export {
  type BlockingConnectionOptions,
  type ConnectionFor,
  createBlockingConnection,
  createFailFastConnection,
  type FailFastConnectionOptions,
  quitOrDisconnect,
  waitUntilReady,
} from "./connections";
export {
  classifyRedisError,
  isRedisUnavailableError,
  NotReplicatedError,
  RedisUnavailableError,
} from "./errors";
export { confirmReplicated, pingPrimaryOf } from "./replication";
export { type CommandSender, callOnEveryPrimary } from "./scripts";
export { type RedisConnection, type RedisTarget, replicaAckTimeoutOf } from "./topology";
