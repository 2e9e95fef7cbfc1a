import type { Provider } from "@cert/queue";

/** How one provider's verifications appear in the public API. */
export interface IntakeRouteSpec {
  readonly provider: Provider;
  /** Collection path: `POST {path}`, `GET {path}/redirect`, `GET {path}/:id`. */
  readonly path: string;
  /** The id's name in bodies, queries and answers. */
  readonly idField: string;
  /** Noun for the 404 message. */
  readonly noun: string;
}

/** i'mport V1 (`imp_uid`) and PortOne V2 (`identityVerificationId`): same routes, same rules. */
export const INTAKE_ROUTES: readonly IntakeRouteSpec[] = Object.freeze([
  { provider: "iamport", path: "/certifications", idField: "imp_uid", noun: "certification" },
  {
    provider: "portone",
    path: "/identity-verifications",
    idField: "identityVerificationId",
    noun: "identity verification",
  },
]);
