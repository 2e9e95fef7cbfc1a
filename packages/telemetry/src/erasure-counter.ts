import { Counter, type Registry } from "prom-client";

/** Name of the counter of people erased (personal data removed), in every process's `/metrics`. */
export const USER_ERASURES_METRIC = "cert_user_erasures_total";

/**
 * The erasures counter of `registry`, registered on first use: the one definition shared by
 * whatever erases people (the admin route in the API, a retention sweep in the worker). Call
 * `.inc()` once per person erased.
 */
export function userErasuresCounter(registry: Registry): Counter {
  const existing = registry.getSingleMetric(USER_ERASURES_METRIC);
  if (existing) return existing as Counter;
  return new Counter({
    name: USER_ERASURES_METRIC,
    help: "People whose personal data was erased",
    registers: [registry],
  });
}
