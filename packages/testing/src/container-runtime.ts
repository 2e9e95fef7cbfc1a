import { existsSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

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
    const answered = getContainerRuntimeClient().then(() => true);
    return await Promise.race([answered, sleep(timeoutMs, false, { ref: false })]);
  } catch {
    return false;
  }
}
