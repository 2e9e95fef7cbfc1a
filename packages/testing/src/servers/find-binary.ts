import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** The first executable `binary` in a directory of `path` (PATH by default). */
export function findOnPath(binary: string, path = process.env.PATH ?? ""): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, binary);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return undefined;
}

/**
 * A server binary on PATH, or where Debian's packages put daemons (pgbouncer in /usr/sbin),
 * which is not on a regular user's PATH there.
 */
export function findServerBinary(command: string): string | undefined {
  return findOnPath(command, [process.env.PATH, "/usr/local/sbin", "/usr/sbin"].join(delimiter));
}
