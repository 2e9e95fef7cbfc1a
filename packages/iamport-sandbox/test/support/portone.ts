import { SANDBOX_V2_SECRET } from "../../src";
import { type Answer, call } from "./provider";

/** `GET /identity-verifications/:id` with `Authorization: PortOne <secret>` unless overridden. */
export function fetchIdentityVerification(
  url: string,
  id: string,
  headers: Record<string, string> = {},
  query = "",
): Promise<Answer> {
  return call(url, `/identity-verifications/${encodeURIComponent(id)}${query}`, {
    headers: { authorization: `PortOne ${SANDBOX_V2_SECRET}`, ...headers },
  });
}
