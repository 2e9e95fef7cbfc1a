// Container health probe: exits 0 when GET <url> answers 2xx within 4 s, else 1. The image's
// HEALTHCHECK runs it with no argument (the API's /healthz on PORT); compose passes each other
// service's own URL. Plain Node (fetch), since the slim image has no curl.
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read in the container, by no turbo task
const url = process.argv[2] ?? `http://127.0.0.1:${process.env.PORT ?? 3000}/healthz`;

try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000) });
  process.exitCode = response.ok ? 0 : 1;
} catch {
  process.exitCode = 1;
}
