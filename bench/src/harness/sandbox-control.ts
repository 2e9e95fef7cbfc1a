/** The sandbox's control API (`/__sandbox/*`), as the bench uses it. */

/** The counters the bench reads from `GET /__sandbox/stats`. */
export interface SandboxCounters {
  getTokenCalls: number;
  tokensIssued: number;
  certificationCalls: number;
}

async function call(url: string, method: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox ${method} ${new URL(url).pathname} answered ${res.status}`);
  return res.json();
}

/** Replaces the per-run faults: `{ latencyMs: 200 }` slows every provider answer by 200 ms. */
export async function setSandboxLatency(sandboxUrl: string, latencyMs: number): Promise<void> {
  await call(`${sandboxUrl}/__sandbox/faults`, "PUT", { latencyMs });
}

/** Tokens, counters and faults back to the start (cached tokens become invalid). */
export async function resetSandbox(sandboxUrl: string): Promise<void> {
  await call(`${sandboxUrl}/__sandbox/reset`, "POST");
}

export async function sandboxCounters(sandboxUrl: string): Promise<SandboxCounters> {
  const stats = (await call(`${sandboxUrl}/__sandbox/stats`, "GET")) as SandboxCounters;
  return {
    getTokenCalls: stats.getTokenCalls,
    tokensIssued: stats.tokensIssued,
    certificationCalls: stats.certificationCalls,
  };
}
