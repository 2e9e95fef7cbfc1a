import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
let counter = 0;
const stem = String(Date.now()).slice(-8);
const cpu = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" "); return (Number(f[11]) + Number(f[12])) * 10; }; // ms
async function load(port: number, pid: number, amount: number, same: boolean) {
  const before = cpu(pid);
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`, connections: 50, amount,
    requests: [{ method: "POST", path: "/certifications", headers: { "content-type": "application/json" },
      setupRequest: (req) => ({ ...req, body: `{"imp_uid":"imp_${same ? "1234" : stem + String(counter++).padStart(9, "0")}"}` }) }],
  });
  const ms = cpu(pid) - before;
  return { rps: Math.round(r["2xx"] / r.duration), non2xx: r.non2xx, usPerReq: Math.round((ms * 1000) / amount) };
}
function start(file: string, port: number, prefix: string) {
  const child = spawn(process.execPath, [...(file.includes("prof") ? ["--cpu-prof", "--cpu-prof-dir=/tmp/intake-bench"] : []), "--import", "tsx", file], { env: { ...process.env, PORT: String(port), QUEUE_PREFIX: prefix, DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test", RATE_LIMIT_PER_MINUTE: "1000000", LOG_LEVEL: "info", ...(file.includes("main") ? JSON.parse(process.env.API_ENV ?? "{}") : {}) }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise<typeof child>((resolve) => child.stdout!.on("data", (d) => { if (String(d).includes("ready")) resolve(child); }));
}
const same = process.argv[2] === "same";
const bare = await start("packages/intake-api/scratch-bare.ts", 5601, `bare-${stem}`);
const api = await start(process.argv[3] ?? "apps/api/src/main.ts", 5602, `api-${stem}`);
try {
  await load(5601, bare.pid!, 5000, same); await load(5602, api.pid!, 5000, same);
  for (let i = 0; i < 3; i++) {
    const b = await load(5601, bare.pid!, 20000, same); const a = await load(5602, api.pid!, 20000, same);
    console.log(`bare ${JSON.stringify(b)} api ${JSON.stringify(a)} cpu ratio bare/api ${(b.usPerReq / a.usPerReq).toFixed(3)}`);
  }
} finally { bare.kill(); api.kill("SIGTERM"); }
