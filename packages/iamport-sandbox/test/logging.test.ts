import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { type RunningSandbox, sandboxImpUid, startSandbox } from "../src";
import { call, control, fetchCertification, requestToken, tokenFor } from "./support/provider";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

it("writes nothing to stdout or stderr while serving, faults and bad input included", async () => {
  const stdout = vi.spyOn(process.stdout, "write");
  const stderr = vi.spyOn(process.stderr, "write");
  try {
    const token = await tokenFor(sandbox.url);
    for (let person = 0; person < 10; person += 1) {
      await fetchCertification(sandbox.url, sandboxImpUid("full", person, 1), token);
      await fetchCertification(sandbox.url, sandboxImpUid("not-found", person, 1), token);
    }
    await requestToken(sandbox.url, { imp_key: "x", imp_secret: "y" });
    await call(sandbox.url, "/users/getToken", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    await control(sandbox.url, "PUT", "/faults", { nonsense: true });
    await fetchCertification(sandbox.url, "imp_1", token, { "x-sandbox-fault": "500" });
    await fetchCertification(sandbox.url, "imp_1", token, { "x-sandbox-fault": "drop" }).catch(
      () => {},
    );
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
});
