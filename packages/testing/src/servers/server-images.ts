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
