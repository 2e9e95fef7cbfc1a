import { request } from "undici";

/** How many stuck imp_uids are looked up for the report. */
const SAMPLE = 5;

/**
 * One line per stuck imp_uid (a few of them) with what `GET /certifications/:imp_uid` says, so
 * an incomplete run points at the cause (failed jobs, retries in progress) without personal data.
 */
export async function describePending(
  apiOrigin: string,
  pending: readonly string[],
): Promise<string[]> {
  const lines = [
    `${pending.length} verifications without an outcome event; status of the first ${Math.min(SAMPLE, pending.length)}:`,
  ];
  for (const impUid of pending.slice(0, SAMPLE)) {
    try {
      const response = await request(`${apiOrigin}/certifications/${encodeURIComponent(impUid)}`, {
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
        `  ${impUid}: ${response.statusCode} ${body.status ?? ""} attempts ${body.attempts ?? "?"}${error}`,
      );
    } catch {
      lines.push(`  ${impUid}: the API did not answer`);
    }
  }
  return lines;
}
