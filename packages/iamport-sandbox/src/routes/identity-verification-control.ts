import { Router } from "express";
import { SandboxInputError } from "../errors";
import { parseV2Entry } from "../portone-state";
import type { SandboxState } from "../sandbox-state";
import { SANDBOX_V2_SHAPES } from "../v2-shapes";

/**
 * The V2 part of the control API, mounted beside the V1 routes under `/__sandbox`:
 * - `PUT    /identity-verifications/:id`        register a {@link SandboxV2Entry}
 * - `DELETE /identity-verifications/:id`        forget it (the generated verification returns)
 * - `POST   /identity-verifications/:id/faults` `{"fault": "503", "times": 2}`: fault its next fetches
 * - `GET    /identity-verification-shapes`      the V2 shape table
 * Counters are in `GET /stats`; `POST /reset` resets V2 too.
 */
export function identityVerificationControlRoutes(state: SandboxState): Router {
  const router = Router();
  const { portone } = state;
  router.put("/identity-verifications/:id", (req, res) => {
    portone.register(String(req.params.id), parseV2Entry(req.body));
    res.json({ ok: true });
  });
  router.delete("/identity-verifications/:id", (req, res) => {
    res.json({ ok: portone.unregister(String(req.params.id)) });
  });
  router.post("/identity-verifications/:id/faults", (req, res) => {
    const { fault, times } = (req.body ?? {}) as { fault?: unknown; times?: unknown };
    if (typeof fault !== "string") throw new SandboxInputError("fault must be a string");
    if (times !== undefined && typeof times !== "number") {
      throw new SandboxInputError("times must be a number");
    }
    const id = String(req.params.id);
    state.addFaultRule(id, fault, times, portone.rules);
    res.json({ ok: true, pending: portone.rules.pending(id) });
  });
  router.get("/identity-verification-shapes", (_req, res) => {
    res.json(SANDBOX_V2_SHAPES);
  });
  return router;
}
