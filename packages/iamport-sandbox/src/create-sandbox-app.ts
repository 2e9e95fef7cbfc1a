import express, { type ErrorRequestHandler, type Express } from "express";
import { SandboxInputError } from "./errors";
import { sendEnvelope } from "./respond";
import { CONTROL_PREFIX, controlRoutes } from "./routes/control";
import { createProviderHandler } from "./routes/provider";
import { type SandboxOptions, SandboxState } from "./sandbox-state";

export interface SandboxAppOptions extends SandboxOptions {
  /** State to serve; default a new one built from the other options. */
  readonly state?: SandboxState;
}

/** Bad JSON, bad control input or a bug: answered without echoing the request. */
const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const status =
    error instanceof SandboxInputError
      ? 400
      : typeof error?.status === "number" && error.status >= 400 && error.status < 500
        ? error.status
        : 500;
  const message = error instanceof SandboxInputError ? error.message : `HTTP ${status}`;
  if (req.path.startsWith(CONTROL_PREFIX)) res.status(status).json({ error: message });
  else sendEnvelope(res, status, -1, message);
};

/**
 * The sandbox as an express app: the provider endpoints at the root and the control API under
 * `/__sandbox`. Its state is `app.locals.sandbox` (a {@link SandboxState}). Nothing is logged.
 */
export function createSandboxApp(options: SandboxAppOptions = {}): Express {
  const state = options.state ?? new SandboxState(options);
  const provider = createProviderHandler(state);
  const app = express();
  app.disable("etag");
  app.disable("x-powered-by");
  app.locals.sandbox = state;
  app.use((req, res, next) => {
    if (!provider(req, res)) next();
  });
  app.use(CONTROL_PREFIX, controlRoutes(state));
  app.use((_req, res) => sendEnvelope(res, 404, -1, "Not Found"));
  app.use(errorHandler);
  return app;
}
