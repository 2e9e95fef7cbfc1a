import { randomBytes } from "node:crypto";
import {
  generateCertification,
  type RawCertification,
  type RunningSandbox,
  SANDBOX_API_KEY,
  sandboxImpUid,
} from "@cert/iamport-sandbox";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2eFixture, startE2eFixture } from "./support/e2e-fixture";
import { getStatus, type HttpAnswer, request, submitAll } from "./support/intake-client";
import { readOutcomeStream } from "./support/outcome-stream";
import { findLeaks, personalValuesOf, type Secret } from "./support/personal-data";
import type { PipelineSystem } from "./support/pipeline-system";
import { dumpKeys } from "./support/redis-contents";
import { buildShapeBatch } from "./support/sandbox-batch";
import { waitUntilPublished } from "./support/settle";
import { waitFor } from "./support/wait-for";

// No personal data: after an end-to-end run with successes and failures, nothing the system wrote
// outside Postgres (logs, Redis, HTTP answers) holds personal data or a secret.

const apiSecret = `secret-${randomBytes(16).toString("hex")}`;
const batch = buildShapeBatch({ perShape: 6, firstSerial: 300_000 });
/** The person whose provider answers are broken, yet full of personal data. */
const brokenPerson = generateCertification(sandboxImpUid("full", 60, 1)) as RawCertification;
const broken = {
  truncated: "imp_310000000001",
  wrongTypes: "imp_310000000002",
  html: "imp_310000000003",
};
/** Jobs run while the provider rejects the API key. */
const wrongKeyIds = [0, 1, 2].map((i) => sandboxImpUid("full", 70 + i, 320_000 + i));

let fixture: E2eFixture;
let sandbox: RunningSandbox;
let system: PipelineSystem;
let redis: Redis;
const accessTokens = new Set<string>();
/** Every HTTP answer the system gave during the run: where, and the body. */
const answers: Array<{ where: string; text: string }> = [];

function note(where: string, answer: HttpAnswer): HttpAnswer {
  answers.push({ where, text: answer.text });
  return answer;
}

function registerBrokenAnswers(target: RunningSandbox): void {
  const recordFor = (impUid: string) => ({ ...brokenPerson, imp_uid: impUid });
  const envelope = { code: 0, message: null, response: recordFor(broken.truncated) };
  target.register(broken.truncated, {
    kind: "raw",
    status: 200,
    body: JSON.stringify(envelope).slice(0, 400),
  });
  target.register(broken.wrongTypes, {
    kind: "record",
    certification: { ...recordFor(broken.wrongTypes), birthday: 19_900_417, certified: "yes" },
  });
  target.register(broken.html, {
    kind: "raw",
    status: 200,
    contentType: "text/html",
    body: `<html><body>Internal error for ${brokenPerson.name} ${brokenPerson.phone}</body></html>`,
  });
}

/** Asks the sandbox for the current token, as the workers would get it (same token while valid). */
async function currentAccessToken(): Promise<string> {
  const answer = await request(`${sandbox.url}/users/getToken`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ imp_key: SANDBOX_API_KEY, imp_secret: apiSecret }),
  });
  return (answer.body as { response: { access_token: string } }).response.access_token;
}

async function waitForFailure(impUid: string, code: string): Promise<void> {
  await waitFor(
    async () => {
      const answer = await getStatus(system.apiUrl, impUid);
      const body = answer.body as { status?: string; error?: string };
      return body.status === "failed" && body.error === code ? note("status", answer) : undefined;
    },
    { what: `${impUid} to fail with ${code}` },
  );
}

/** Clients that send personal data where an imp_uid belongs: errors that must not echo it. */
async function postPersonalDataAsImpUid(person: RawCertification): Promise<void> {
  for (const value of [person.name, person.phone, person.unique_key, person.birthday]) {
    const json = await request(`${system.apiUrl}/certifications`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ imp_uid: value }),
    });
    const form = await request(`${system.apiUrl}/certifications`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ imp_uid: String(value) }).toString(),
    });
    expect([json.status, form.status]).toEqual([400, 400]);
    note("error body (json)", json);
    note("error body (form)", form);
  }
}

/** What operators and clients see: every status, the admin API and the dashboard's own API. */
async function readEveryAnswer(impUids: readonly string[]): Promise<void> {
  for (const impUid of impUids) note(`status ${impUid}`, await getStatus(system.apiUrl, impUid));
  const admin = { authorization: `Bearer ${system.adminToken}` };
  for (const path of [
    "/admin/api/failed?pageSize=500",
    "/admin/api/counts",
    "/admin/queues/api/queues?activeQueue=certifications&status=failed&page=1",
    "/admin/queues/api/queues?activeQueue=certifications&status=completed&page=1",
  ]) {
    const answer = await request(`${system.apiUrl}${path}`, { headers: admin });
    expect(answer.status, path).toBe(200);
    note(path, answer);
  }
}

beforeAll(async () => {
  fixture = await startE2eFixture({
    label: "pii",
    sandbox: { apiSecret },
    prepare: registerBrokenAnswers,
    workerEnv: { IAMPORT_API_SECRET: apiSecret },
    apiEnv: { JOB_ATTEMPTS: "3", JOB_BACKOFF_MS: "100" },
  });
  ({ sandbox, system, redis } = fixture);

  // 1. Every shape, end to end.
  const impUids = batch.map((item) => item.impUid);
  for (const [impUid, answer] of await submitAll(system.apiUrl, impUids)) {
    note(`POST ${impUid}`, answer);
  }
  await waitUntilPublished(impUids, { rows: fixture.rows, redis, stream: system.outcomeStream });
  accessTokens.add(await currentAccessToken());

  // 2. Provider answers that cannot be used, carrying personal data.
  await submitAll(system.apiUrl, Object.values(broken));
  for (const impUid of Object.values(broken)) {
    await waitForFailure(impUid, "provider_invalid_response");
  }

  // 3. The provider rejects the key: permanent failures with their own reason.
  sandbox.setFaults({ wrongKey: true });
  sandbox.revokeTokens();
  await submitAll(system.apiUrl, wrongKeyIds);
  for (const impUid of wrongKeyIds) await waitForFailure(impUid, "provider_auth_failed");
  sandbox.setFaults({});

  await postPersonalDataAsImpUid(batch[0]?.record as RawCertification);
  await readEveryAnswer([...impUids, ...Object.values(broken), ...wrongKeyIds]);
  // Stopped now, so the logs hold everything the processes will ever write, shutdown included.
  await system.stop();
}, 300_000);

afterAll(() => fixture?.close());

/** Every personal value the sandbox served during the run, and every secret. */
function secrets(): Secret[] {
  const records = [...batch.flatMap((item) => (item.record ? [item.record] : [])), brokenPerson];
  for (const impUid of wrongKeyIds) records.push(generateCertification(impUid) as RawCertification);
  return [
    ...records.flatMap(personalValuesOf),
    { kind: "IAMPORT_API_SECRET", value: apiSecret },
    { kind: "ADMIN_TOKEN", value: system.adminToken },
    ...[...accessTokens].map((value) => ({ kind: "access token", value })),
  ];
}

describe("everything the system wrote outside Postgres", () => {
  it("the run really failed some jobs, so failed reasons exist to inspect", async () => {
    const failed = answers.find((a) => a.where === "/admin/api/failed?pageSize=500");
    const body = JSON.parse(failed?.text ?? "{}") as { jobs?: Array<{ failedReason: string }> };
    expect(body.jobs?.map((j) => j.failedReason).sort()).toEqual([
      "provider_auth_failed",
      "provider_auth_failed",
      "provider_auth_failed",
      "provider_invalid_response",
      "provider_invalid_response",
      "provider_invalid_response",
    ]);
  });

  it("has no personal data or secret in the api and worker logs", () => {
    const lines = system.allLines();
    expect(lines.length).toBeGreaterThan(0);
    expect(findLeaks([{ where: "process output", text: lines.join("\n") }], secrets())).toEqual([]);
  });

  it("has none in Redis: job data, return values, failed reasons, stack traces, events", async () => {
    const dump = await dumpKeys(redis, `${system.queuePrefix}:*`);
    expect(dump.some((k) => k.type === "hash" && k.text.includes("failedReason"))).toBe(true);
    // The shared access token cache is among the keys, sealed: the token itself is not there.
    const texts = dump.map((k) => ({ where: k.key, text: k.text }));
    expect(findLeaks(texts, secrets())).toEqual([]);
  });

  it("has none in any HTTP answer: statuses, errors, the admin API, the dashboard", () => {
    expect(answers.length).toBeGreaterThan(batch.length);
    expect(findLeaks(answers, secrets())).toEqual([]);
  });

  it("publishes no personal data, the CI included: events name the person by user_id", async () => {
    const events = await readOutcomeStream(redis, system.outcomeStream);
    expect(events).toHaveLength(batch.length);
    const texts = events.map((e) => ({ where: `stream ${e.event_id}`, text: e.rawPayload }));
    expect(findLeaks(texts, secrets())).toEqual([]);
  });
});
