import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { localOperator, seedDemo } from "@carta/engine";
import type { FastifyInstance } from "fastify";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH } from "../../../test/globalSetup.js";
import { openTestStore, type TestStore, testClock } from "../../engine/test/stores.js";
import { buildServer, DEFAULT_WEB_DIR } from "../src/index.js";

/**
 * The first page and the patient page in Debian's Chromium, against the real server and the demo
 * study. Runs when Chromium is installed (.ci/run installs it); the test run's header says when skipped.
 */
const canRun = existsSync(CHROMIUM_PATH) && existsSync(join(DEFAULT_WEB_DIR, "index.html"));
const SCREENSHOTS = process.env.CARTA_SCREENSHOT_DIR;

describe.runIf(canRun)("web UI in Chromium", () => {
  let t: TestStore;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await openTestStore("sqlite");
    const operator = await localOperator(t.store.db, "tester", testClock());
    await seedDemo(t.store, operator, testClock, { seed: 20260101 });
    app = await buildServer({ store: t.store });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  it("shows the study at a glance, marked synthetic, and opens a patient page from the list", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(base);
    await expect(page.getByTestId("study-banner").textContent()).resolves.toMatch(/synthetic/i);
    await page.getByTestId("table1").waitFor();
    expect(await page.getByTestId("cohort-card-2L").textContent()).toMatch(/\d{3}/);
    expect(await page.getByTestId("cohort-card-3L+").textContent()).toMatch(/\d{3}/);
    await page.getByTestId("center-chart").locator("svg").first().waitFor();
    await page.getByTestId("enrolment-chart").locator("svg").first().waitFor();
    expect(await page.getByTestId("table1").textContent()).toMatch(/Age at infusion/);
    const rows = page.getByTestId("patient-row");
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(10);
    if (SCREENSHOTS) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, "study.png"), fullPage: true });
    }

    await rows.first().locator("a").first().click();
    await page.getByTestId("patient-header").waitFor();
    expect(await page.getByTestId("patient-header").textContent()).toMatch(/SYN-/);
    const derived = await page.getByTestId("derived-scores").textContent();
    expect(derived).toMatch(/IPI/);
    expect(derived).toMatch(/CAR-HEMATOTOX/);
    expect(await page.getByTestId("timeline").textContent()).toMatch(/infusion/i);
    await page.getByTestId("labs").locator("svg").first().waitFor();
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, "patient.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("grades CRS worked example B.1(1) in the calculator, showing the reason and the source", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${base}/calculators`);
    const scales = page.getByTestId("calculator-list").locator("li");
    await scales.nth(11).waitFor(); // the list arrives from /api/scales after the first paint
    expect(await scales.count()).toBe(12);
    await page.goto(`${base}/calculators/crs`);
    await page.getByTestId("calculator-form").waitFor();
    await page.locator("#calc-temperature_max_c").fill("38.9");
    await page.locator("#calc-oxygen_delivery_device").selectOption("nasal_cannula");
    await page.locator("#calc-oxygen_flow_l_per_min").fill("3");
    await page.getByTestId("calculator-form").locator("button[type=submit]").click();
    await page.getByTestId("calculator-result").waitFor();
    expect(await page.getByTestId("calculator-result").textContent()).toMatch(/2/);
    expect(await page.getByTestId("calculator-reason").textContent()).toMatch(/nasal cannula|hypoxia/i);
    expect(await page.getByTestId("calculator-citation").textContent()).toMatch(/Lee DW/);
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, "calculator.png"), fullPage: true });

    await page.locator("#calc-temperature_max_c").fill("80");
    await page.getByTestId("calculator-form").locator("button[type=submit]").click();
    await page.getByTestId("calculator-error").waitFor();
    expect(await page.locator('[data-field="temperature_max_c"]').textContent()).toMatch(/physical range/);
    expect(errors).toEqual([]);
  });
});
