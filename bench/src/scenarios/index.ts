import type { Scenario } from "../context";
import { intakeScenario } from "./intake";
import { intakeLatencyScenario } from "./intake-latency";
import { intakeReplicaScenario } from "./intake-replica";
import { latencyBoundScenario } from "./latency-bound";
import { memoryScenario } from "./memory";
import { pipelineScenario } from "./pipeline";
import { pipelineTracingScenario } from "./pipeline-tracing";
import { pipelineV2Scenario } from "./pipeline-v2";
import { scaleOutScenario } from "./scale-out";
import { tokenFetchesScenario } from "./token-fetches";
import { versusNaiveScenario } from "./versus-naive";

/** In run order: the latency scenario needs the pipeline's measured maximum rate. */
export const SCENARIOS: readonly Scenario[] = [
  intakeScenario,
  intakeReplicaScenario,
  pipelineScenario,
  pipelineV2Scenario,
  pipelineTracingScenario,
  intakeLatencyScenario,
  latencyBoundScenario,
  versusNaiveScenario,
  tokenFetchesScenario,
  scaleOutScenario,
  memoryScenario,
];
