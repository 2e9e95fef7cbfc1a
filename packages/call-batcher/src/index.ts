// Group commit for calls: the one batching utility of the project (outcome writes and marks in
// the outbox, job adds at intake, rate-limit counters).
export { type CallBatcher, type CallBatcherOptions, createCallBatcher } from "./call-batcher";
