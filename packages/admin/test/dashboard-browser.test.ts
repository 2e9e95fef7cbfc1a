import { CERTIFICATION_JOB_NAME } from "@cert/queue";
import { launchTestBrowser, type TestBrowser } from "@cert/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, type AdminFixture, startAdminFixture, waitForState } from "./admin-fixture";

const IMP_UID = "imp_700001";
const LEAKED_NAME = "홍길동";

let admin: AdminFixture;
let browser: Promise<TestBrowser> | undefined;

beforeAll(async () => {
  // The production default: a page load's burst of requests must stay under it.
  admin = await startAdminFixture({ failedAuthLimit: 20 });
  // Launched here, under this hook's long timeout: a first run may pull Playwright's image
  // (over a gigabyte). A failure is not this hook's: each test reports it (see newContext).
  browser = launchTestBrowser();
  const launched = await browser.catch(() => undefined);
  if (launched) console.log(`[dashboard test] Chromium from ${launched.source}`);
}, 900_000);

afterAll(async () => {
  await (await browser?.catch(() => undefined))?.close();
  await admin?.close();
});

/**
 * A fresh browser context on a real Chromium (see launchTestBrowser). A machine without one fails
 * the test with what to install rather than skipping it: the dashboard must not go untested.
 */
async function newContext(): Promise<BrowserContext> {
  if (!browser) throw new Error("the browser was not launched");
  const context = await (await browser).browser.newContext();
  // The board links a web font; everything it needs must come from our own server.
  await context.route("**/*", (route) =>
    route.request().url().startsWith(admin.origin) ? route.continue() : route.abort(),
  );
  return context;
}

/** Signs in through the login page the dashboard sends an anonymous browser to. */
async function signIn(page: Page): Promise<void> {
  await page.goto(`${admin.origin}/admin/queues`);
  expect(new URL(page.url()).pathname).toBe("/admin/login");
  await page.getByLabel("Admin token").fill(ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${admin.origin}/admin/queues`);
}

describe("queue dashboard in a real browser", { timeout: 120_000 }, () => {
  it("rejects a wrong token on the login page", async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${admin.origin}/admin/login`);
    await page.getByLabel("Admin token").fill("not-the-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("That token is not valid").waitFor();
    await page.goto(`${admin.origin}/admin/queues`);
    expect(new URL(page.url()).pathname).toBe("/admin/login");
    await context.close();
  });

  it("signs in, shows a failed job, retries it from the board and shows it completed", async () => {
    // Fails the first run of each imp_uid (a provider outage), succeeds after.
    const runs = new Map<string, number>();
    admin.startWorker(async (job) => {
      // A job queued before V2 (legacy data), as an upgraded deployment still holds.
      const { imp_uid: impUid } = job.data as unknown as { imp_uid: string };
      const run = (runs.get(impUid) ?? 0) + 1;
      runs.set(impUid, run);
      if (run === 1) throw new Error("provider_unavailable");
      return { outcome: "passed" };
    });
    // A producer bug that put personal data in the job: the board must still show only imp_uid.
    const data = { imp_uid: IMP_UID, name: LEAKED_NAME };
    await admin.queue.add(CERTIFICATION_JOB_NAME, data as never, { jobId: IMP_UID });
    await waitForState(admin.queue, IMP_UID, "failed");

    const context = await newContext();
    const page = await context.newPage();
    await signIn(page);
    await page.getByRole("link", { name: "certifications" }).first().click();
    await page.getByRole("link", { name: /FAILED/ }).click();

    const jobLink = page.getByRole("link", { name: IMP_UID });
    // The job's card: the innermost block holding its link and its tabs.
    const card = page
      .locator("div")
      .filter({ has: jobLink })
      .filter({ has: page.getByText("Options", { exact: true }) })
      .last();
    await card.getByText("provider_unavailable").waitFor(); // the failed reason, a safe code

    // What an operator may see of the job: its imp_uid and nothing else.
    await card.getByText("Data", { exact: true }).click();
    const shown = await card.getByRole("tree", { name: "JSON view" }).textContent();
    expect(shown?.replace(/\s+/g, "")).toBe(`{jobData:{imp_uid:"${IMP_UID}"},returnValue:null}`);
    expect(await page.content()).not.toContain(LEAKED_NAME);

    const retry = card.locator("button:has(svg.lucide-refresh-cw)");
    await retry.hover();
    await page.getByText("Retry", { exact: true }).waitFor(); // the button's tooltip
    await retry.click();
    await page.getByText("Are you sure that you want to retry this job?").waitFor();
    await page.getByRole("button", { name: "Confirm" }).click();

    await waitForState(admin.queue, IMP_UID, "completed");
    expect(runs.get(IMP_UID)).toBe(2);
    await page.getByRole("link", { name: /COMPLETED/ }).click();
    await page.getByRole("link", { name: IMP_UID }).waitFor();

    // Signing out (the page the board's menu links to) ends the session: the board sends us
    // to sign in again.
    await page.goto(`${admin.origin}/admin/logout`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${admin.origin}/admin/login`);
    await page.goto(`${admin.origin}/admin/queues`);
    expect(new URL(page.url()).pathname).toBe("/admin/login");
    await context.close();
  });
});
