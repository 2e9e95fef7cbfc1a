import { existsSync } from "node:fs";

/**
 * True when a container runtime answers. A cheap file check comes first so machines
 * without Docker (like CI here) do not pay testcontainers' discovery time.
 */
export async function containerRuntimeAnswers(timeoutMs = 5000): Promise<boolean> {
  const candidates = [
    process.env.DOCKER_HOST,
    "/var/run/docker.sock",
    `${process.env.HOME}/.docker/run/docker.sock`,
  ];
  if (
    !candidates.some((c) => c && (c.startsWith("tcp://") || existsSync(c.replace("unix://", ""))))
  ) {
    return false;
  }
  try {
    const { getContainerRuntimeClient } = await import("testcontainers");
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error("timeout")), timeoutMs).unref(),
    );
    await Promise.race([getContainerRuntimeClient(), timeout]);
    return true;
  } catch {
    return false;
  }
}
