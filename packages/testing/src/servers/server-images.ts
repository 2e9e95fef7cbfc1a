import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * The image each server binary runs from when it is not installed: pinned, and shipping the
 * binary on its PATH (redis-cli comes with redis-server).
 */
const IMAGES: Record<string, string> = {
  "redis-server": "redis:7.4",
  pgbouncer: "edoburu/pgbouncer:v1.25.2-p0",
};

export function imageFor(command: string): string {
  const image = IMAGES[command];
  if (!image) throw new Error(`no container image known for ${command}`);
  return image;
}

/** The first executable `binary` in a directory of PATH. */
export function findOnPath(binary: string, path = process.env.PATH ?? ""): string | undefined {
  for (const dir of path.split(delimiter)) {
    const file = join(dir, binary);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return undefined;
}

export const onPath = (binary: string): boolean => findOnPath(binary) !== undefined;
