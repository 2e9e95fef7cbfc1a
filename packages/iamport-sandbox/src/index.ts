export { createSandboxApp, type SandboxAppOptions } from "./create-sandbox-app";
export { SandboxInputError } from "./errors";
export {
  DEFAULT_FAULTS,
  drawRunFault,
  type FaultSpec,
  parseFaultSpec,
  parseFaults,
  type SandboxFaults,
} from "./faults";
export { POOL_SIZE, type PoolName } from "./people";
export { generateCertification, type RawCertification } from "./records";
export { parseEntry, type SandboxEntry } from "./registry";
export { CONTROL_PREFIX } from "./routes/control";
export { FAULT_HEADER } from "./routes/provider";
export {
  SANDBOX_API_KEY,
  SANDBOX_API_SECRET,
  type SandboxOptions,
  SandboxState,
} from "./sandbox-state";
export {
  impUidDigits,
  SANDBOX_SHAPES,
  type SandboxOutcome,
  type SandboxShape,
  type SandboxShapeName,
  sandboxExpectedOutcome,
  sandboxImpUid,
  sandboxShapeOf,
} from "./shapes";
export { type RunningSandbox, type StartSandboxOptions, startSandbox } from "./start-sandbox";
export type { SandboxStats } from "./stats";
