import { inspect } from "node:util";
import {
  generateCertification,
  type RunningSandbox,
  SANDBOX_API_SECRET,
  sandboxImpUid,
} from "@cert/iamport-sandbox";
import { afterAll, beforeAll, expect, it } from "vitest";
import { IamportError, parseCertification } from "../src";
import { clientFor, rejectionOf, startTestSandbox } from "./support/harness";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

/** Every string and number of a record, which a leak would show verbatim. */
function personalValues(record: Record<string, unknown>): string[] {
  const keys = ["name", "phone", "birthday", "birth", "unique_key", "unique_in_site"];
  return keys
    .map((key) => record[key])
    .filter((v) => v !== undefined && v !== null)
    .map(String);
}

/** Everything a log line or an error report could show of an error. */
function renderings(error: unknown): string[] {
  const e = error as Error;
  return [e.message, String(e), e.stack ?? "", inspect(e, { depth: 6 }), JSON.stringify(e)];
}

it("no error message, stack, inspection or JSON carries personal data, tokens, secrets or bodies", async () => {
  const client = clientFor(sandbox);
  const hasty = clientFor(sandbox, { timeoutMs: 1000 });
  const records = [0, 1, 2].map(
    (person) => generateCertification(sandboxImpUid("full", person, 1)) as Record<string, unknown>,
  );
  const [first, second, third] = records as [
    Record<string, unknown>,
    Record<string, unknown>,
    Record<string, unknown>,
  ];
  const errors: unknown[] = [];
  try {
    const token = await client.tokens.getToken();
    // Records full of personal data that fail validation in different places.
    sandbox.register("imp_p1", {
      kind: "record",
      certification: { ...first, imp_uid: "imp_p1", certified: "yes" },
    });
    sandbox.register("imp_p2", {
      kind: "record",
      certification: { ...second, imp_uid: "imp_p2", birthday: "1990-13-45" },
    });
    sandbox.register("imp_p3", {
      kind: "record",
      certification: { ...third, imp_uid: "imp_other" },
    });
    sandbox.register("imp_p4", {
      kind: "raw",
      status: 200,
      body: `<html>${String(first.name)}</html>`,
    });
    sandbox.register("imp_p5", {
      kind: "raw",
      status: 200,
      body: `{"code":0,"response":${JSON.stringify(second).slice(0, 60)}`,
    });
    sandbox.register("imp_p6", {
      kind: "raw",
      status: 404,
      body: `not here: ${String(third.phone)}`,
    });
    sandbox.register("imp_p7", {
      kind: "raw",
      status: 500,
      body: JSON.stringify({ code: -1, message: String(first.unique_key), response: first }),
    });
    for (const id of ["imp_p1", "imp_p2", "imp_p3", "imp_p4", "imp_p5", "imp_p6", "imp_p7"]) {
      errors.push(await rejectionOf(client.getCertification(id)));
    }
    for (const fault of ["500", "429", "drop", "code1", "502,html"]) {
      sandbox.addFaultRule(sandboxImpUid("full", 0, 1), fault);
      errors.push(await rejectionOf(client.getCertification(sandboxImpUid("full", 0, 1))));
    }
    await hasty.tokens.getToken();
    sandbox.addFaultRule(sandboxImpUid("full", 0, 1), "latency=5000");
    errors.push(await rejectionOf(hasty.getCertification(sandboxImpUid("full", 0, 1))));
    errors.push(await rejectionOf(client.getCertification(sandboxImpUid("not-found"))));
    const wrong = clientFor(sandbox, { apiSecret: `${SANDBOX_API_SECRET}-wrong` });
    errors.push(await rejectionOf(wrong.getCertification("imp_1")));
    await wrong.close();
    errors.push(
      await rejectionOf(Promise.resolve().then(() => parseCertification({ ...first, name: 5 }))),
    );

    const forbidden = [
      ...records.flatMap(personalValues),
      token,
      SANDBOX_API_SECRET,
      "인증결과가",
      "<html",
      "Unauthorized",
    ];
    expect(errors).toHaveLength(16);
    // Nor does inspecting (or logging) the client itself show its secret or token.
    const clientView = inspect(client, { depth: 10, showHidden: true });
    expect(clientView).not.toContain(SANDBOX_API_SECRET);
    expect(clientView).not.toContain(token);
    for (const error of errors) {
      expect(error).toBeInstanceOf(IamportError);
      for (const text of renderings(error)) {
        for (const value of forbidden) expect(text).not.toContain(value);
      }
    }
  } finally {
    await client.close();
    await hasty.close();
  }
});
