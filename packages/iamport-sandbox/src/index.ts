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
export { type Person, POOL_SIZE, type PoolName, personOf } from "./people";
export {
  PortOneState,
  type PortOneStateOptions,
  parseV2Entry,
  SANDBOX_V2_SECRET,
  type SandboxV2Entry,
} from "./portone-state";
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
export {
  generateIdentityVerification,
  type RawIdentityVerification,
  type V2Progress,
} from "./v2-records";
export {
  DEFAULT_READY_FOR,
  IDENTITY_VERIFICATION_ID,
  type ReadyFor,
  SANDBOX_V2_SHAPES,
  type SandboxV2Shape,
  type SandboxV2ShapeName,
  sandboxIdentityVerificationId,
  sandboxV2ExpectedOutcome,
  sandboxV2PlanOf,
  sandboxV2ShapeOf,
  type V2IdPlan,
} from "./v2-shapes";
