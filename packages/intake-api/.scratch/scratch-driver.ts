import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

let counter = 0;
const stem = String(Date.now()).slice(-8);
const cpu = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
};
async function load(port: number, pid: number, amount: number) {
  const before = cpu(pid);
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 50,
    amount,
    requests: [
      {
        method: "POST",
        path: "/certifications",
        headers: { "content-type": "application/json" },
        setupRequest: (req) => ({
          ...req,
          body: `{"imp_uid":"imp_${stem + String(counter++).padStart(9, "0")}"}`,
        }),
      },
    ],
  });
  return {
    rps: r["2xx"] / r.duration,
    us: ((cpu(pid) - before) * 1000) / amount,
    non2xx: r.non2xx,
  };
}
function start(file: string, port: number, prefix: string, extra: Record<string, string>) {
  const child = spawn(process.execPath, [...(extra.PROF ? ["--cpu-prof", "--cpu-prof-dir=/tmp/intake-bench"] : []), "--import", "tsx", file], {
    env: {
      ...process.env,
      ...extra,
      PORT: String(port),
      QUEUE_PREFIX: prefix,
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test",
      RATE_LIMIT_PER_MINUTE: "1000000",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise<typeof child>((resolve) =>
    child.stdout!.on("data", (d) => {
      if (String(d).includes("ready")) resolve(child);
    }),
  );
}
const variants: Record<string, Record<string, string>> = JSON.parse(
  process.argv[2] ?? '{"full":{}}',
);
const procs: Array<{ name: string; port: number; child: Awaited<ReturnType<typeof start>> }> = [];
procs.push({
  name: "bare",
  port: 5600,
  child: await start("packages/intake-api/.scratch/scratch-bare.ts", 5600, `bare-${stem}`, {}),
});
let port = 5601;
for (const [name, env] of Object.entries(variants)) {
  procs.push({
    name,
    port,
    child: await start("apps/api/src/main.ts", port, `${name}-${stem}`, env),
  });
  port++;
}
const results: Record<string, number[]> = {};
try {
  for (const p of procs) await load(p.port, p.child.pid!, 3000);
  for (let round = 0; round < Number(process.env.ROUNDS ?? 3); round++) {
    let bareUs = 0;
    const line: string[] = [];
    for (const p of procs) {
      const r = await load(p.port, p.child.pid!, Number(process.env.AMOUNT ?? 15000));
      if (p.name === "bare") bareUs = r.us;
      else (results[p.name] ??= []).push(bareUs / r.us);
      line.push(
        `${p.name}: ${Math.round(r.rps)}rps ${Math.round(r.us)}us${r.non2xx ? ` non2xx=${r.non2xx}` : ""}`,
      );
    }
    console.log(line.join(" | "));
  }
  for (const [name, ratios] of Object.entries(results)) {
    ratios.sort();
    console.log(
      name,
      "median cpu ratio bare/variant",
      ratios[Math.floor(ratios.length / 2)]!.toFixed(3),
      ratios.map((r) => r.toFixed(2)).join(","),
    );
  }
} finally {
  for (const p of procs) p.child.kill("SIGTERM");
}
