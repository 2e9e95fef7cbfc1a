import { seoulMidnightUnixSeconds } from "@cert/calendar";
import { type Person, personOf } from "./people";
import { sandboxV2PlanOf, type V2IdPlan } from "./v2-shapes";

/** An identity verification exactly as PortOne V2 answers it (any JSON). */
export type RawIdentityVerification = Record<string, unknown>;

/** How far a `ready-then-verified` id has got: fetches served before this one, ms since the first. */
export interface V2Progress {
  readonly served: number;
  readonly elapsedMs: number;
}

/** Same window as V1: 2026-01-02 .. 2026-03-31 Asia/Seoul, so every verification is past. */
const WINDOW_START = seoulMidnightUnixSeconds("2026-01-02");
const WINDOW_SECONDS = 89 * 86_400;
const PG_PROVIDERS = ["DANAL", "INICIS_UNIFIED", "KCP"] as const;
/** V1 carrier names to V2 operator names (V2 says LGU where V1 says LGT). */
const OPERATORS: Readonly<Record<string, string>> = { LGT: "LGU", LGT_MVNO: "LGU_MVNO" };

/** RFC 3339 of unix seconds, in UTC (`Z`) or at a fixed offset in hours. */
function rfc3339(seconds: number, offsetHours = 0): string {
  const wall = new Date((seconds + offsetHours * 3600) * 1000).toISOString().slice(0, 19);
  if (offsetHours === 0) return `${wall}.000Z`;
  return `${wall}+${String(offsetHours).padStart(2, "0")}:00`;
}

function common(id: string, plan: V2IdPlan, pg: string, status: string): RawIdentityVerification {
  const changed = WINDOW_START + (plan.hash % WINDOW_SECONDS);
  const requested = changed - 60 - (plan.hash % 240);
  return {
    status,
    id,
    channel: {
      type: "LIVE",
      id: `channel-id-${pg.toLowerCase()}`,
      key: `channel-key-${pg.toLowerCase()}`,
      name: "본인인증",
      pgProvider: pg,
      pgMerchantId: `MID${plan.hash % 100_000}`,
    },
    requestedAt: rfc3339(requested),
    updatedAt: rfc3339(changed),
    statusChangedAt: rfc3339(changed),
    version: "V2",
  };
}

function verifiedCustomer(person: Person, plan: V2IdPlan, pg: string): RawIdentityVerification {
  const line = person.phones[plan.hash % person.phones.length];
  const customer: RawIdentityVerification = {
    name: person.name,
    operator: OPERATORS[line?.carrier ?? ""] ?? line?.carrier,
    phoneNumber: line?.phone,
    birthDate: person.birthday,
    gender: person.gender === "male" ? "MALE" : "FEMALE",
    isForeigner: person.foreigner,
    ci: person.uniqueKey,
    di: person.uniqueInSite,
  };
  // KG Inicis never gives a DI.
  if (pg === "INICIS_UNIFIED") delete customer.di;
  return customer;
}

function without(record: RawIdentityVerification, ...keys: string[]): RawIdentityVerification {
  const copy = { ...record };
  for (const key of keys) delete copy[key];
  return copy;
}

function verified(id: string, plan: V2IdPlan, pg: string, customer: RawIdentityVerification) {
  const at = WINDOW_START + (plan.hash % WINDOW_SECONDS);
  return {
    ...common(id, plan, pg, "VERIFIED"),
    verifiedCustomer: customer,
    verifiedAt: rfc3339(at),
    pgTxId: `${pg.toLowerCase()}_${String(plan.hash).padStart(10, "0")}`,
    // The PG's raw answer repeats personal data: clients must drop it.
    pgRawResponse: JSON.stringify({ name: customer.name, ci: customer.ci, result: "0000" }),
  };
}

function build(id: string, plan: V2IdPlan, progress: V2Progress | undefined) {
  const { shape } = plan;
  const pg = PG_PROVIDERS[plan.hash % PG_PROVIDERS.length] ?? "DANAL";
  const person = personOf(shape.pool ?? "adult", plan.person);
  const customer = verifiedCustomer(person, plan, pg);
  const ready = { ...common(id, plan, pg, "READY"), requestedCustomer: {} };
  switch (shape.name) {
    case "full":
    case "minor":
      return verified(id, plan, pg, customer);
    case "no-phone":
      return verified(id, plan, pg, without(customer, "phoneNumber", "operator"));
    case "no-ci-di":
      return verified(id, plan, "INICIS_UNIFIED", without(customer, "ci", "di"));
    case "no-birth-date":
      return verified(id, plan, pg, without(customer, "birthDate"));
    case "gender-other":
      return verified(id, plan, pg, { ...customer, gender: "OTHER" });
    case "foreigner":
      return verified(id, plan, pg, { ...customer, isForeigner: true });
    case "lgu":
      return verified(id, plan, pg, { ...customer, operator: "LGU" });
    case "lgu-mvno":
      return verified(id, plan, pg, { ...customer, operator: "LGU_MVNO" });
    case "extra-fields": {
      const record = verified(id, plan, pg, { ...customer, id: `customer-${plan.person}` });
      return {
        ...record,
        verifiedAt: rfc3339(Date.parse(record.verifiedAt) / 1000, 9),
        customData: JSON.stringify({ orderId: `order-${plan.hash}` }),
        method: "APP",
        futureField: { nested: [1, 2, 3] },
      };
    }
    case "failed":
      return {
        ...common(id, plan, pg, "FAILED"),
        requestedCustomer: {},
        failure: { reason: "본인인증 창이 닫혔습니다.", pgCode: "F001", pgMessage: "cancelled" },
      };
    case "ready-then-verified": {
      const { readyFor } = plan;
      const stillReady =
        progress !== undefined &&
        ("ms" in readyFor ? progress.elapsedMs < readyFor.ms : progress.served < readyFor.fetches);
      return stillReady ? ready : verified(id, plan, pg, customer);
    }
    case "ready-forever":
      return ready;
    case "not-found":
      return null;
  }
}

/**
 * The identity verification the sandbox serves for `id` when nothing is registered for it: a
 * pure function of the id (and, for `ready-then-verified`, of `progress`; without it, the final
 * VERIFIED record). Null means HTTP 404: the `not-found` shape and ids outside PortOne's alphabet.
 */
export function generateIdentityVerification(
  id: string,
  progress?: V2Progress,
): RawIdentityVerification | null {
  const plan = sandboxV2PlanOf(id);
  return plan === null ? null : build(id, plan, progress);
}
