/**
 * `npm run demo [-- --count N] [--once]`: the whole system on one machine.
 * Exit status: 0 when every verification reached its expected outcome exactly once, 1 otherwise
 * or on a start-up failure, 130 when interrupted.
 */
import { ConfigError } from "@cert/config";
import { repoRoot } from "@cert/testing/local";
import { parseDemoArgs } from "./cli-args";
import { describeFailure } from "./describe-failure";
import { INTERRUPTED, runDemo } from "./run-demo";

const controller = new AbortController();
let interrupts = 0;
const interrupt = () => {
  interrupts += 1;
  // A second Ctrl-C means "now": skip the graceful shutdown.
  if (interrupts > 1) process.exit(INTERRUPTED);
  process.stdout.write("\nstopping (Ctrl-C again to force)...\n");
  controller.abort();
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, interrupt);

let status: number;
try {
  status = await runDemo({
    args: parseDemoArgs(process.argv.slice(2)),
    env: process.env,
    root: repoRoot(),
    fromSource: process.env.DEMO_FROM_SOURCE === "1",
    signal: controller.signal,
  });
} catch (error) {
  process.stderr.write(`demo failed: ${describeFailure(error)}\n`);
  status = controller.signal.aborted && !(error instanceof ConfigError) ? INTERRUPTED : 1;
}
// Every server and connection was closed by runDemo; exiting here also ends anything a
// library left scheduled.
process.exit(status);
