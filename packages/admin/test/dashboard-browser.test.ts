import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, type AdminFixture, startAdminFixture, waitForState } from "./admin-fixture";

/** The Debian `chromium` package's binary; CI installs it (see .ci/run). */
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const IMP_UID = "imp_700001";

let admin: AdminFixture;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: install the Debian package "chromium" (apt-get install -y chromium) to run the dashboard browser test`,
    );
  }
  admin = await startAdminFixture();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  context = await browser.newContext();
  // The board links a web font; everything it needs must come from our own server.
  await context.route("**/*", (route) =>
    route.request().url().startsWith(admin.origin) ? route.continue() : route.abort(),
  );
});

afterAll(async () => {
  await browser?.close();
  await admin?.close();
});

/** Signs in through the login page the dashboard sends an anonymous browser to. */
async function signIn(page: Page): Promise<void> {
  await page.goto(`${admin.origin}/admin/queues`);
  expect(new URL(page.url()).pathname).toBe("/admin/login");
  await page.getByLabel("Admin token").fill(ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${admin.origin}/admin/queues`);
}

describe("queue dashboard in a real browser", () => {
  it("rejects a wrong token on the login page", async () => {
    const page = await context.newPage();
    await page.goto(`${admin.origin}/admin/login`);
    await page.getByLabel("Admin token").fill("not-the-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("That token is not valid").waitFor();
    await page.goto(`${admin.origin}/admin/queues`);
    expect(new URL(page.url()).pathname).toBe("/admin/login");
    await page.close();
  });

  it("signs in, shows a failed job, retries it from the board and shows it completed", async () => {
    // Fails the first run of each imp_uid (a provider outage), succeeds after.
    const runs = new Map<string, number>();
    admin.startWorker(async (job) => {
      const run = (runs.get(job.data.imp_uid) ?? 0) + 1;
      runs.set(job.data.imp_uid, run);
      if (run === 1) throw new Error("provider_unavailable");
      return { outcome: "passed" };
    });
    await admin.enqueue(IMP_UID);
    await waitForState(admin.queue, IMP_UID, "failed");

    const page = await context.newPage();
    await signIn(page);
    await page.getByRole("link", { name: "certifications" }).first().click();
    await page.getByRole("link", { name: /FAILED/ }).click();

    const jobLink = page.getByRole("link", { name: IMP_UID });
    const card = page
      .locator("div")
      .filter({ has: jobLink })
      .filter({ hasText: "provider_unavailable" })
      .last();
    await card.waitFor();

    // What an operator may see of the job: its imp_uid and nothing else.
    await card.getByText("Data", { exact: true }).click();
    const dataText = await card.locator("pre, code").last().innerText();
    expect(JSON.parse(dataText)).toEqual({ imp_uid: IMP_UID });

    const retry = card.locator("button:has(svg.lucide-refresh-cw)");
    await retry.hover();
    await page.getByText("Retry", { exact: true }).waitFor(); // the button's tooltip
    await retry.click();

    await waitForState(admin.queue, IMP_UID, "completed");
    expect(runs.get(IMP_UID)).toBe(2);
    await page.getByRole("link", { name: /COMPLETED/ }).click();
    await page.getByRole("link", { name: IMP_UID }).waitFor();
    await page.close();
  });
});
