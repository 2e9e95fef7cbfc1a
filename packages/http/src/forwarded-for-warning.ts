import type { Logger } from "@cert/logger";
import type { RequestHandler } from "express";

/**
 * Warns once when requests carry `X-Forwarded-For` while the app does not trust a proxy: the
 * service then runs behind one, every client arrives from the proxy's address, and all of them
 * share one rate-limit budget (one busy client throttles everyone). Checks each request until
 * the first such header, then costs nothing more. With `trustProxy` it does nothing.
 */
export function untrustedForwardedForWarning(logger: Logger, trustProxy: boolean): RequestHandler {
  let warned = trustProxy;
  return (req, _res, next) => {
    if (!warned && req.headers["x-forwarded-for"] !== undefined) {
      warned = true;
      logger.warn(
        { code: "untrusted_forwarded_for" },
        "requests carry X-Forwarded-For but TRUST_PROXY is off: every client shares one rate-limit budget; set TRUST_PROXY=true behind a proxy",
      );
    }
    next();
  };
}
