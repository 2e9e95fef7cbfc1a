export { closeHttpServer } from "./close-http-server";
export { createIntakeApp, type IntakeAppConfig, type IntakeAppOptions } from "./create-intake-app";
export { createMetricsApp } from "./metrics-app";
