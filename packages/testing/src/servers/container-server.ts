import { GenericContainer, getContainerRuntimeClient } from "testcontainers";
import type { ServerProcess, ServerSpec } from "./server-process";

/**
 * Runs `spec`'s exact command line in a container of `image`: on the host's network, so its
 * ports and the addresses it announces (cluster, sentinel) are the host's, with `spec.paths`
 * mounted at the same paths, as this process's user so the files it writes stay removable.
 */
export async function startContainerServer(
  spec: ServerSpec,
  image: string,
): Promise<ServerProcess> {
  let definition = new GenericContainer(image)
    .withEntrypoint([spec.command])
    .withCommand([...spec.args])
    .withNetworkMode("host")
    .withBindMounts(spec.paths.map((path) => ({ source: path, target: path, mode: "rw" })));
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  if (uid !== undefined && gid !== undefined) definition = definition.withUser(`${uid}:${gid}`);
  if (process.env.SHOW_SERVER_OUTPUT) {
    definition = definition.withLogConsumer((stream) => stream.pipe(process.stderr));
  }
  const started = await definition.start();
  const handle = (await getContainerRuntimeClient()).container.getById(started.getId());
  let running = true;
  const exited = handle.wait().then(
    () => {
      running = false;
    },
    () => {
      running = false;
    },
  );
  let removed: Promise<void> | undefined;
  const remove = (graceMs: number) => {
    removed ??= started.stop({ timeout: graceMs, remove: true }).then(() => exited);
    return removed;
  };
  return {
    name: spec.name,
    runsIn: "container",
    alive: () => running,
    async kill() {
      // The container stays (exited) until stop(): a killed server is a crashed host, not a
      // removed one, and stop() still cleans it up.
      if (running) await handle.kill({ signal: "SIGKILL" }).catch(() => {});
      await exited;
    },
    stop: () => remove(3000),
    async pause() {
      await handle.pause();
    },
    async resume() {
      await handle.unpause();
    },
    async run(command, args) {
      const result = await started.exec([command, ...args]);
      if (result.exitCode !== 0) {
        throw new Error(`${command} exited ${result.exitCode}: ${result.stderr || result.output}`);
      }
    },
  };
}
