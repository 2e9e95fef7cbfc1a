import {
  generateIdentityVerification,
  sandboxIdentityVerificationId as idOf,
  personOf,
  type RunningSandbox,
} from "@cert/iamport-sandbox";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { IdentityVerificationClient } from "../src";
import { clientFor, startTestSandbox } from "./support/harness";

let sandbox: RunningSandbox;
let client: IdentityVerificationClient;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  client = clientFor(sandbox);
});
afterAll(async () => {
  await client.close();
  await sandbox.close();
});
beforeEach(() => sandbox.reset());

type Wire = Record<string, unknown> & { verifiedCustomer: Record<string, unknown> };

/** What the sandbox serves for a VERIFIED id, read independently of the client. */
function served(id: string): Wire {
  return generateIdentityVerification(id) as Wire;
}

describe("VERIFIED", () => {
  it("maps every field of a full verification", async () => {
    const id = idOf("full", 3, 1);
    const wire = served(id);
    const person = personOf("adult", 3);
    const result = await client.getIdentityVerification(id);
    expect(result).toEqual({
      identityVerificationId: id,
      status: "verified",
      verifiedAt: new Date(wire.verifiedAt as string),
      pgProvider: (wire.channel as { pgProvider: string }).pgProvider,
      pgTid: wire.pgTxId,
      customer: {
        ci: person.uniqueKey,
        di: wire.verifiedCustomer.di ?? null,
        name: person.name,
        birthday: person.birthday,
        gender: person.gender,
        phone: wire.verifiedCustomer.phoneNumber,
        carrier: expect.stringMatching(/^(SKT|KT|LGT)(_MVNO)?$/),
        foreigner: person.foreigner,
      },
    });
    expect(result.pgTid).toMatch(/\S/);
    expect(result).not.toHaveProperty("pgRawResponse");
    expect(JSON.stringify(result)).not.toContain("pgRawResponse");
  });

  it("maps LGU to LGT and LGU_MVNO to LGT_MVNO, and keeps SKT / KT names", async () => {
    expect((await client.getIdentityVerification(idOf("lgu", 1, 1))).customer?.carrier).toBe("LGT");
    const mvno = await client.getIdentityVerification(idOf("lgu-mvno", 1, 1));
    expect(mvno.customer?.carrier).toBe("LGT_MVNO");
    for (const operator of ["SKT", "KT", "SKT_MVNO", "KT_MVNO"]) {
      const id = `op-${operator}`;
      const wire = served(idOf("full", 2, 2));
      sandbox.state.portone.register(id, {
        kind: "record",
        identityVerification: {
          ...wire,
          id,
          verifiedCustomer: { ...wire.verifiedCustomer, operator },
        },
      });
      expect((await client.getIdentityVerification(id)).customer?.carrier).toBe(operator);
    }
  });

  it("maps OTHER to other and isForeigner to foreigner", async () => {
    const other = await client.getIdentityVerification(idOf("gender-other", 4, 1));
    expect(other.customer?.gender).toBe("other");
    const foreigner = await client.getIdentityVerification(idOf("foreigner", 4, 1));
    expect(foreigner.customer?.foreigner).toBe(true);
    expect(foreigner.customer?.ci).toBe(personOf("adult", 4).uniqueKey);
  });

  it("gives null for what the PG did not send: phone, CI/DI, birthDate", async () => {
    const noPhone = await client.getIdentityVerification(idOf("no-phone", 5, 1));
    expect(noPhone.customer).toMatchObject({ phone: null, carrier: null });
    const noCi = await client.getIdentityVerification(idOf("no-ci-di", 5, 1));
    expect(noCi).toMatchObject({ pgProvider: "INICIS_UNIFIED", customer: { ci: null, di: null } });
    const noBirth = await client.getIdentityVerification(idOf("no-birth-date", 5, 1));
    expect(noBirth).toMatchObject({ status: "verified", customer: { birthday: null } });
  });

  it("ignores unknown fields and reads verifiedAt with an offset", async () => {
    const id = idOf("extra-fields", 6, 1);
    const wire = served(id);
    expect(wire.verifiedAt).toMatch(/\+09:00$/);
    const result = await client.getIdentityVerification(id);
    expect(result.verifiedAt?.getTime()).toBe(Date.parse(wire.verifiedAt as string));
    expect(Object.keys(result).sort()).toEqual(
      ["customer", "identityVerificationId", "pgProvider", "pgTid", "status", "verifiedAt"].sort(),
    );
  });

  it("is the same person (same CI) as the V1 sandbox id with the same pool and person", async () => {
    const result = await client.getIdentityVerification(idOf("full", 7, 99));
    expect(result.customer?.ci).toBe(personOf("adult", 7).uniqueKey);
    expect(result.customer?.birthday).toBe("1988-07-15");
  });
});

describe("READY and FAILED", () => {
  it("maps FAILED with no customer", async () => {
    expect(await client.getIdentityVerification(idOf("failed", 0, 1))).toMatchObject({
      status: "failed",
      verifiedAt: null,
      customer: null,
    });
  });

  it("reads READY, then VERIFIED once the sandbox moves on", async () => {
    const id = idOf("ready-then-verified", 8, 1, { fetches: 2 });
    expect((await client.getIdentityVerification(id)).status).toBe("ready");
    expect((await client.getIdentityVerification(id)).status).toBe("ready");
    const third = await client.getIdentityVerification(id);
    expect(third).toMatchObject({
      status: "verified",
      customer: { ci: personOf("adult", 8).uniqueKey },
    });
  });

  it("reads READY forever for ready-forever", async () => {
    const id = idOf("ready-forever", 0, 1);
    for (let i = 0; i < 3; i += 1) {
      expect(await client.getIdentityVerification(id)).toMatchObject({
        status: "ready",
        customer: null,
        verifiedAt: null,
      });
    }
  });
});

describe("requests", () => {
  it("URL-encodes the id and sends ?storeId= when configured", async () => {
    const store = await startTestSandbox({ storeId: "store-1234" });
    const withStore = clientFor(store, { storeId: "store-1234" });
    try {
      const id = "order~2026.06_a-b";
      const result = await withStore.getIdentityVerification(id);
      expect(result.identityVerificationId).toBe(id);
      expect(store.stats().identityVerificationCallsById).toEqual({ [id]: 1 });
    } finally {
      await withStore.close();
      await store.close();
    }
  });
});
