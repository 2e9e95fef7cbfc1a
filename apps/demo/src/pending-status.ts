import { request } from "undici";
import { INTAKE_ROUTE, PROVIDER_LABEL, type Verification } from "./verification";

/** How many stuck verifications are looked up for the report. */
const SAMPLE = 5;

/**
 * One line per stuck verification (a few of them) with what its status route
 * (`GET /certifications/:imp_uid`, `GET /identity-verifications/:id`) says, so
 * an incomplete run points at the cause (failed jobs, retries in progress) without personal data.
 */
export async function describePending(
  apiOrigin: string,
  pending: readonly Verification[],
): Promise<string[]> {
  const lines = [
    `${pending.length} verifications without an outcome event; status of the first ${Math.min(SAMPLE, pending.length)}:`,
  ];
  for (const { provider, id } of pending.slice(0, SAMPLE)) {
    const name = `${PROVIDER_LABEL[provider]} ${id}`;
    try {
      const path = `${INTAKE_ROUTE[provider].path}/${encodeURIComponent(id)}`;
      const response = await request(`${apiOrigin}${path}`, {
        headersTimeout: 5000,
        bodyTimeout: 5000,
      });
      const body = (await response.body.json()) as {
        status?: string;
        attempts?: number;
        error?: unknown;
      };
      const error = body.error === undefined ? "" : ` error ${JSON.stringify(body.error)}`;
      lines.push(
        `  ${name}: ${response.statusCode} ${body.status ?? ""} attempts ${body.attempts ?? "?"}${error}`,
      );
    } catch {
      lines.push(`  ${name}: the API did not answer`);
    }
  }
  return lines;
}
