import { inspect } from "node:util";
import {
  generateIdentityVerification,
  sandboxIdentityVerificationId as idOf,
  type RunningSandbox,
  SANDBOX_V2_SECRET,
} from "@cert/iamport-sandbox";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { PortOneError } from "../src";
import { clientFor, portOneFailure, startTestSandbox } from "./support/harness";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

type Wire = Record<string, unknown> & { verifiedCustomer: Record<string, unknown> };

/** Every personal value a record serves, which a leak would show verbatim. */
function personalValues(wire: Wire): string[] {
  const keys = ["name", "phoneNumber", "birthDate", "ci", "di"];
  return [...keys.map((key) => wire.verifiedCustomer[key]), wire.pgRawResponse]
    .filter((v) => v !== undefined && v !== null)
    .map(String);
}

/** Everything a log line or an error report could show of an error. */
function renderings(error: PortOneError): string[] {
  return [
    error.message,
    String(error),
    error.stack ?? "",
    inspect(error, { depth: 6 }),
    JSON.stringify(error),
  ];
}

it("no error message, stack, inspection or JSON carries personal data, the secret or bodies", async () => {
  const client = clientFor(sandbox);
  const wires = [1, 2, 3].map(
    (person) => generateIdentityVerification(idOf("full", person, 9)) as Wire,
  );
  const [first, second, third] = wires as [Wire, Wire, Wire];
  const bad: [string, unknown][] = [
    [
      "p1",
      {
        ...first,
        id: "p1",
        verifiedCustomer: { ...first.verifiedCustomer, birthDate: "1990-13-45" },
      },
    ],
    [
      "p2",
      { ...second, id: "p2", verifiedCustomer: { ...second.verifiedCustomer, isForeigner: "no" } },
    ],
    ["p3", { ...third, id: "someone-else" }],
    ["p4", { ...first, id: "p4", status: String(first.verifiedCustomer.name) }],
    ["p5", { ...second, id: "p5", verifiedAt: String(second.verifiedCustomer.phoneNumber) }],
  ];
  for (const [id, body] of bad) {
    sandbox.state.portone.register(id, { kind: "record", identityVerification: body });
  }
  const raws: [string, number, string][] = [
    ["r1", 200, `<html>${String(first.verifiedCustomer.name)}</html>`],
    ["r2", 200, JSON.stringify(second).slice(0, 200)],
    ["r3", 404, `not here: ${String(third.verifiedCustomer.ci)}`],
    ["r4", 500, JSON.stringify({ type: "X", message: first.verifiedCustomer.ci, data: first })],
    [
      "r5",
      400,
      JSON.stringify({ type: "INVALID_REQUEST", message: String(second.verifiedCustomer.name) }),
    ],
    ["r6", 200, JSON.stringify({ ...third, id: "r6", padding: "x".repeat(70_000) })],
  ];
  for (const [id, status, body] of raws)
    sandbox.state.portone.register(id, { kind: "raw", status, body });
  const errors: PortOneError[] = [];
  try {
    for (const id of [...bad.map(([id]) => id), ...raws.map(([id]) => id)]) {
      errors.push(await portOneFailure(client.getIdentityVerification(id)));
    }
    const wrong = clientFor(sandbox, { apiSecret: `${SANDBOX_V2_SECRET}-wrong` });
    errors.push(await portOneFailure(wrong.getIdentityVerification("p1")));
    await wrong.close();
  } finally {
    await client.close();
  }
  expect(errors).toHaveLength(bad.length + raws.length + 1);
  const secrets = [SANDBOX_V2_SECRET, "pgRawResponse", ...wires.flatMap(personalValues)];
  for (const error of errors) {
    for (const text of renderings(error)) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  }
});

it("a parsed verification keeps no pgRawResponse and the client shows no secret", async () => {
  const client = clientFor(sandbox);
  try {
    const id = idOf("extra-fields", 3, 3);
    const result = await client.getIdentityVerification(id);
    const wire = generateIdentityVerification(id) as Wire;
    expect(typeof wire.pgRawResponse).toBe("string");
    const shown = JSON.stringify(result);
    expect(shown).not.toContain(String(wire.pgRawResponse));
    expect(shown).not.toContain("futureField");
    expect(inspect(client, { depth: 6 })).not.toContain(SANDBOX_V2_SECRET);
  } finally {
    await client.close();
  }
});
