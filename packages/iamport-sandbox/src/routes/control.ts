import express, { Router } from "express";
import { SandboxInputError } from "../errors";
import { parseEntry } from "../registry";
import type { SandboxState } from "../sandbox-state";
import { SANDBOX_SHAPES } from "../shapes";
import { identityVerificationControlRoutes } from "./identity-verification-control";

/** Mount point of the control API; nothing under it exists at the real provider. */
export const CONTROL_PREFIX = "/__sandbox";

/**
 * The control API (JSON in, JSON out; 400 `{"error": "..."}` for bad input):
 * - `GET  /stats`                          call counters ({@link SandboxStats})
 * - `POST /reset`                          registrations, rules, tokens, counters, faults back to start
 * - `GET  /faults`                         the per-run faults in force
 * - `PUT  /faults`                         replace them (absent fields take defaults)
 * - `PATCH /faults`                        change only the given fields
 * - `PUT  /certifications/:imp_uid`        register a {@link SandboxEntry} (record / not-found / raw)
 * - `DELETE /certifications/:imp_uid`      forget a registration (the generated record returns)
 * - `POST /certifications/:imp_uid/faults` `{"fault": "503", "times": 2}`: fault its next fetches
 * - `DELETE /tokens`                       revoke issued tokens (the next use answers 401)
 * - `GET  /shapes`                         the generator's shape table
 * plus the PortOne V2 routes of {@link identityVerificationControlRoutes}.
 */
export function controlRoutes(state: SandboxState): Router {
  const router = Router();
  // Registered records may carry long `data:` origins.
  router.use(express.json({ limit: "5mb", strict: false }));

  router.get("/stats", (_req, res) => {
    res.json(state.stats());
  });
  router.post("/reset", (_req, res) => {
    state.reset();
    res.json({ ok: true });
  });
  router.get("/faults", (_req, res) => {
    res.json(state.faults);
  });
  router.put("/faults", (req, res) => {
    res.json(state.setFaults(req.body ?? {}));
  });
  router.patch("/faults", (req, res) => {
    res.json(state.updateFaults(req.body ?? {}));
  });
  router.put("/certifications/:imp_uid", (req, res) => {
    state.register(String(req.params.imp_uid), parseEntry(req.body));
    res.json({ ok: true });
  });
  router.delete("/certifications/:imp_uid", (req, res) => {
    res.json({ ok: state.registry.unregister(String(req.params.imp_uid)) });
  });
  router.post("/certifications/:imp_uid/faults", (req, res) => {
    const { fault, times } = (req.body ?? {}) as { fault?: unknown; times?: unknown };
    if (typeof fault !== "string") throw new SandboxInputError("fault must be a string");
    if (times !== undefined && typeof times !== "number") {
      throw new SandboxInputError("times must be a number");
    }
    const impUid = String(req.params.imp_uid);
    state.addFaultRule(impUid, fault, times);
    res.json({ ok: true, pending: state.rules.pending(impUid) });
  });
  router.delete("/tokens", (_req, res) => {
    state.revokeTokens();
    res.json({ ok: true });
  });
  router.get("/shapes", (_req, res) => {
    res.json(SANDBOX_SHAPES);
  });
  router.use(identityVerificationControlRoutes(state));
  return router;
}
