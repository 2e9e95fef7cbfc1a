// Baseline for "versus the naive handler": the handler the provider's guide shows, doing all
// the work inside the request (getToken, then the certification, then an INSERT) before it
// answers. Its latency is the provider's latency twice plus a database round trip.
import express from "express";
import pg from "pg";
import { exitOnSigterm, requiredEnv, sendToDriver } from "./ipc";

const apiUrl = requiredEnv("IAMPORT_API_URL");
const impKey = requiredEnv("IAMPORT_API_KEY");
const impSecret = requiredEnv("IAMPORT_API_SECRET");
const pool = new pg.Pool({ connectionString: requiredEnv("DATABASE_URL"), max: 20 });

interface Envelope<T> {
  code: number;
  response: T | null;
}

async function getToken(): Promise<string> {
  const res = await fetch(`${apiUrl}/users/getToken`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ imp_key: impKey, imp_secret: impSecret }),
  });
  const body = (await res.json()) as Envelope<{ access_token: string }>;
  if (body.code !== 0 || body.response === null) throw new Error("getToken failed");
  return body.response.access_token;
}

async function getCertification(impUid: string, token: string) {
  const res = await fetch(`${apiUrl}/certifications/${encodeURIComponent(impUid)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: (await res.json()) as Envelope<Record<string, unknown>> };
}

const app = express();
app.post("/certifications", express.json(), async (req, res) => {
  const impUid = String((req.body as { imp_uid?: unknown }).imp_uid);
  try {
    const token = await getToken();
    const { body } = await getCertification(impUid, token);
    const certified = body.response?.certified === true;
    await pool.query(
      `INSERT INTO naive_certifications (imp_uid, certified, response) VALUES ($1, $2, $3)
       ON CONFLICT (imp_uid) DO NOTHING`,
      [impUid, certified, JSON.stringify(body.response)],
    );
    res.status(200).json({ imp_uid: impUid, certified });
  } catch {
    res.status(502).json({ error: { code: "provider_error", message: "provider call failed" } });
  }
});

await pool.query(
  `CREATE TABLE IF NOT EXISTS naive_certifications (
     imp_uid text PRIMARY KEY, certified boolean, response jsonb, created_at timestamptz DEFAULT now())`,
);
const server = app.listen(Number(requiredEnv("PORT")), "127.0.0.1", () =>
  sendToDriver({ type: "ready" }),
);
exitOnSigterm(async () => {
  await new Promise((resolve) => server.close(resolve));
  await pool.end();
});
