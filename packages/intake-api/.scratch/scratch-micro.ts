import { withTimeout } from "../src/with-timeout";

const N = 300_000;
async function run(label: string, f: () => Promise<unknown>) {
  const t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await f();
  console.log(label, (Number(process.hrtime.bigint() - t) / N).toFixed(0), "ns/op");
}
await run("plain", () => Promise.resolve(1));
await run("withTimeout", () => withTimeout(Promise.resolve(1), 2000, "x"));
await run("plain", () => Promise.resolve(1));
await run("withTimeout", () => withTimeout(Promise.resolve(1), 2000, "x"));
