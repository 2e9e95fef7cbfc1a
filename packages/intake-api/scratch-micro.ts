import { Counter, Histogram, Registry } from "prom-client";
const registry = new Registry();
const c = new Counter({ name: "a", help: "a", labelNames: ["method", "route", "status_code"], registers: [registry] });
const h = new Histogram({ name: "b", help: "b", labelNames: ["method", "route", "status_code"], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry] });
const N = 1_000_000;
let t = process.hrtime.bigint();
for (let i = 0; i < N; i++) { const l = { method: "POST", route: "/certifications", status_code: 202 }; c.inc(l); h.observe(l, 0.003); }
console.log("prom inc+observe ns/op", Number(process.hrtime.bigint() - t) / N);
t = process.hrtime.bigint();
for (let i = 0; i < N; i++) { process.hrtime.bigint(); }
console.log("hrtime.bigint ns/op", Number(process.hrtime.bigint() - t) / N);
