import { spawn } from "node:child_process";
import autocannon from "autocannon";
let counter = 0;
const stem = String(Date.now()).slice(-8);
async function load(port: number, seconds: number, same: boolean) {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`, connections: 50, duration: seconds,
    requests: [{ method: "POST", path: "/certifications", headers: { "content-type": "application/json" },
      setupRequest: (req) => ({ ...req, body: `{"imp_uid":"imp_${same ? "1234" : stem + String(counter++).padStart(9, "0")}"}` }) }],
  });
  return { rps: Math.round(r["2xx"] / r.duration), non2xx: r.non2xx, errors: r.errors, p99: r.latency.p99 };
}
function start(file: string, port: number, prefix: string) {
  const child = spawn(process.execPath, ["--import", "tsx", file], { env: { ...process.env, PORT: String(port), QUEUE_PREFIX: prefix, DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test", RATE_LIMIT_PER_MINUTE: "1000000", LOG_LEVEL: "warn" }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise<typeof child>((resolve) => child.stdout!.on("data", (d) => { if (String(d).includes("ready")) resolve(child); }));
}
const same = process.argv[2] === "same";
const bare = await start("packages/intake-api/scratch-bare.ts", 5601, `bare-${stem}`);
const api = await start("apps/api/src/main.ts", 5602, `api-${stem}`);
await load(5601, 3, same); await load(5602, 3, same);
for (let i = 0; i < 3; i++) {
  const b = await load(5601, 8, same); const a = await load(5602, 8, same);
  console.log(`bare ${JSON.stringify(b)} api ${JSON.stringify(a)} ratio ${(a.rps / b.rps).toFixed(3)}`);
}
bare.kill(); api.kill();
