/**
 * The tiny protocol between the bench driver and its baseline processes, over Node's IPC
 * channel (no log parsing, so signalling costs the driver nothing measurable).
 */
export type DriverMessage = { type: "expect"; count: number };
export type ChildMessage =
  | { type: "ready"; port?: number }
  | { type: "drained"; completed: number };

export function sendToDriver(message: ChildMessage): void {
  process.send?.(message);
}

export function onDriverMessage(listener: (message: DriverMessage) => void): void {
  process.on("message", (message) => listener(message as DriverMessage));
}

/** A required environment variable; the driver always sets these, so absence is a bench bug. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`baseline process needs ${name}`);
  return value;
}

/** Exits cleanly on SIGTERM after `close` (so `--cpu-prof` profiles get written). */
export function exitOnSigterm(close: () => Promise<unknown>): void {
  process.once("SIGTERM", () => {
    close().finally(() => process.exit(0));
  });
}
