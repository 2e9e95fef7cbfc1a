// The i'mport sandbox in a process of its own, so serving the workers' provider calls never
// takes time from the bench driver's event loop (and its CPU shows apart from the driver's).
import { startSandbox } from "@cert/iamport-sandbox";
import { exitOnSigterm, requiredEnv, sendToDriver } from "./baselines/ipc";

const sandbox = await startSandbox({ port: Number(requiredEnv("PORT")) });
sendToDriver({ type: "ready" });
exitOnSigterm(() => sandbox.close());
