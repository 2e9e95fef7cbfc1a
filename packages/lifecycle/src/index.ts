// Process lifecycle shared by every app's main.ts.
export { onShutdownSignal, type ShutdownOptions, type ShutdownStep } from "./on-shutdown-signal";
