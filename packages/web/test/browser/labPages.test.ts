import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type DemoTrainingStatus,
  localOperator,
  openStore,
  readModelSpec,
  type Store,
  seedDemo,
  trainModel,
  validateModel,
} from "@carta/engine";
import { buildServer, DEFAULT_WEB_DIR } from "@carta/server";
import type { FastifyInstance } from "fastify";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH } from "../../../../test/globalSetup.js";
import type { ModelDetailResponse } from "../../src/lab/labApiTypes.js";

/**
 * The model lab and decision-support pages in Debian's Chromium, against the real server on the demo
 * study. Two of the demo model names are trained from tiny specs (15 trees, 2 × 2 folds, 4 bootstrap
 * replicates: the pages, not the models, are under test), and only pfs-12m is validated, so that the
 * pages meet a validated model, an unvalidated one and two that do not exist; a tiny EBM under a name
 * outside the demo set (so the patient pages do not meet it) gives the model page its shape functions.
 * Runs when Chromium and the built UI are present, as the server's browser test does.
 */
const canRun = existsSync(CHROMIUM_PATH) && existsSync(join(DEFAULT_WEB_DIR, "index.html"));
const SCREENSHOTS = process.env.CARTA_SCREENSHOT_DIR;

let tick = 0;
function clock(): string {
  tick++;
  return new Date(Date.UTC(2026, 0, 1) + tick * 1000).toISOString();
}

/** A tiny spec under a demo model's name, with the predictors the transport page points at. */
function tinySpec(name: string, endpoint: string) {
  return readModelSpec({
    format: "carta.model-spec",
    version: 1,
    name,
    endpoint,
    cohort: "both",
    landmark: "infusion",
    features: {
      variables: [
        "ldh_u_per_l",
        "mtv_ml",
        "product_naive_like_cd8_pct",
        "bridging_response",
        "ecog_ps",
        "product",
      ],
      derived: ["ipi"],
    },
    learner: { kind: "boosted-trees", grid: [{ rounds: 15, maxDepth: 2, learningRate: 0.2, seed: 1 }] },
    validation: {
      outerFolds: 2,
      innerFolds: 2,
      bootstrapReplicates: 4,
      transport: { development: "3L+", target: "2L" },
    },
    intendedUse: "Browser test of the decision-support pages.",
  });
}

/** An explainable boosting machine on the same predictors: few cycles, two pair terms. */
const EBM_NAME = "cr-day90-ebm";
function tinyEbmSpec() {
  return readModelSpec({
    format: "carta.model-spec",
    version: 1,
    name: EBM_NAME,
    endpoint: "cr_day90",
    cohort: "both",
    landmark: "infusion",
    features: {
      variables: ["ldh_u_per_l", "mtv_ml", "bridging_response", "ecog_ps", "product"],
      derived: ["ipi"],
    },
    learner: { kind: "ebm", grid: [{ interactions: 2, cycles: 200, learningRate: 0.05, seed: 3 }] },
    validation: { outerFolds: 2, innerFolds: 2, bootstrapReplicates: 4 },
  });
}

/**
 * A time-to-event model (Cox elastic net for PFS, risk by 12 months) under a name outside the demo set,
 * validated with a small design and the 3L+ → 2L transport analysis: about 6 s of the setup.
 */
const COX_NAME = "pfs-cox";
function tinyCoxSpec() {
  return readModelSpec({
    format: "carta.model-spec",
    version: 1,
    name: COX_NAME,
    endpoint: "pfs",
    horizonMonths: 12,
    cohort: "both",
    landmark: "infusion",
    features: { variables: ["ecog_ps", "ldh_u_per_l", "crp_mg_l"], derived: ["ipi"] },
    learner: { kind: "elastic-net-cox", grid: [{ lambda: 0.02, alpha: 0.5 }] },
    validation: {
      outerFolds: 3,
      innerFolds: 2,
      bootstrapReplicates: 4,
      transport: { development: "3L+", target: "2L" },
    },
  });
}

/**
 * A competing-risks model (cause-specific Cox elastic nets, cumulative incidence of NRM by 12 months,
 * relapse competing) under a name outside the demo set, validated with the 3L+ → 2L transport analysis.
 */
const NRM_NAME = "nrm-cox";
function tinyNrmSpec() {
  return readModelSpec({
    format: "carta.model-spec",
    version: 1,
    name: NRM_NAME,
    endpoint: "relapse_vs_nrm",
    cause: "nrm",
    horizonMonths: 12,
    cohort: "both",
    landmark: "infusion",
    features: { variables: ["ecog_ps", "ldh_u_per_l", "crp_mg_l"], derived: ["ipi"] },
    learner: { kind: "elastic-net-cox", grid: [{ lambda: 0.01, alpha: 0.5 }] },
    validation: {
      outerFolds: 3,
      innerFolds: 2,
      bootstrapReplicates: 4,
      locoMinEvents: 3,
      seed: 3,
      transport: { development: "3L+", target: "2L" },
    },
  });
}

async function newPage(browser: Browser, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.on("pageerror", (e) => errors.push(e.message));
  return page;
}

describe.runIf(canRun)("model lab and decision support in Chromium", () => {
  let dataDir: string;
  let store: Store;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let patientId: string;
  /** What the server says about the demo training; the last test switches it to watch the page follow. */
  let training: DemoTrainingStatus = { state: "none", models: [] };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "carta-web-lab-"));
    store = await openStore({ dataDir, now: clock });
    const operator = await localOperator(store.db, "tester", clock());
    await seedDemo(store, operator, clock, { seed: 20260101 });
    await trainModel(store, operator, clock, tinySpec("cr-day90", "cr_day90"));
    const pfs = tinySpec("pfs-12m", "pfs_event_by_12m");
    await trainModel(store, operator, clock, pfs);
    await validateModel(store, operator, clock, pfs);
    await trainModel(store, operator, clock, tinyEbmSpec());
    const cox = tinyCoxSpec();
    await trainModel(store, operator, clock, cox);
    await validateModel(store, operator, clock, cox);
    const nrm = tinyNrmSpec();
    await trainModel(store, operator, clock, nrm);
    await validateModel(store, operator, clock, nrm);
    app = await buildServer({ store, demoTraining: () => training });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
    // A 2L patient (the decision the study is about) that both models can predict for.
    const list = (await (await fetch(`${base}/api/patients?cohort=2L&limit=20&offset=0`)).json()) as {
      patients: { id: string }[];
    };
    for (const candidate of list.patients) {
      const answer = (await (await fetch(`${base}/api/patients/${candidate.id}/predictions`)).json()) as {
        predictions: { prediction?: unknown }[];
      };
      if (answer.predictions.length === 2 && answer.predictions.every((e) => e.prediction !== undefined)) {
        patientId = candidate.id;
        break;
      }
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("lists the models, opens the validated one with its figures and explanations, then its transport page", async () => {
    const errors: string[] = [];
    const page = await newPage(browser, errors);
    await page.goto(base);
    await page.getByTestId("nav-lab").click();
    const rows = page.getByTestId("model-row");
    await rows.nth(4).waitFor();
    expect(await rows.count()).toBe(5);
    const auc = await page.locator('[data-model="pfs-12m"] [data-testid="model-auc"]').textContent();
    expect(auc).toMatch(/^0\.\d\d \(0\.\d\d–[01]\.\d\d\)$/);
    expect(await page.locator('[data-model="cr-day90"] [data-testid="model-auc"]').textContent()).toBe(
      "not validated yet",
    );
    if (SCREENSHOTS) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, "lab.png"), fullPage: true });
    }

    await page.locator('[data-model="pfs-12m"] a.model-link').click();
    await page.getByTestId("validation-figures").waitFor();
    expect(await page.getByTestId("cv-auc").textContent()).toMatch(/95% CI/);
    expect(await page.getByTestId("cv-auc").getAttribute("title")).toMatch(/Nested cross-validation/);
    await page.getByTestId("loco-chart").locator("svg").waitFor();
    await page.getByTestId("beeswarm-chart").locator("svg").waitFor();
    await page.getByTestId("dependence-chart").locator("svg").waitFor();
    expect(await page.getByTestId("ebm-shapes").count(), "no shape functions for boosted trees").toBe(0);
    // How much of the explanation sits on missing values (clinical-reference §D.6 item 3).
    const detail = (await (await fetch(`${base}/api/lab/models/pfs-12m`)).json()) as ModelDetailResponse;
    const missingShare = detail.explanations?.missingShare;
    expect(missingShare, "the server sends the missing share").toBeTypeOf("number");
    expect(await page.getByTestId("missing-share").textContent()).toMatch(
      /^Missing values carry (\d+%|under 1%) of the explanation's total \|SHAP\|/,
    );
    const withMissing = detail.explanations!.features.filter((f) => (f.missing?.rows ?? 0) > 0).length;
    expect(await page.getByTestId("missing-table").locator("tbody tr").count()).toBe(
      Math.min(5, withMissing),
    );
    // Figures an older run lacks say so rather than leaving a blank; those present draw their chart.
    for (const figure of ["calibration-plot", "decision-curve", "conformal", "stability"]) {
      const box = page.getByTestId(figure);
      const drawn = (await box.locator("svg").count()) > 0 || (await box.locator("table, p").count()) > 0;
      expect(drawn, figure).toBe(true);
    }
    expect(await page.getByTestId("report-pdf").getAttribute("href")).toMatch(
      /^\/api\/lab\/runs\/.+\/report\.pdf$/,
    );
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, "model.png"), fullPage: true });

    await page.getByTestId("transport-link").click();
    await page.getByTestId("transport-headline").waitFor();
    expect(await page.getByTestId("transport-headline").textContent()).toMatch(
      /In 2L the 3L\+ model has AUC/,
    );
    const modifiers = page.getByTestId("effect-modifier");
    expect(await modifiers.count()).toBe(2);
    expect(await page.locator('[data-feature="mtv_ml"]').textContent()).toMatch(
      /interaction test (does not reach|reaches|gives p)/,
    );
    await page.getByTestId("transport-forest").locator("svg").waitFor();
    expect(await page.getByTestId("effects-rows").textContent()).toMatch(/adjusted|one predictor at a time/);
    // The recalibration methods side by side by net benefit, with treat-all.
    const netBenefit = page.getByTestId("net-benefit-table");
    expect(await netBenefit.locator("thead").textContent()).toMatch(
      /original.*intercept.*logistic.*treat all/,
    );
    expect(await netBenefit.getByTestId("net-benefit-row").count()).toBeGreaterThan(0);
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, "transport.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("shows an EBM's shape functions: the most important feature's chart, its missing bin and each pair's heatmap", async () => {
    const detail = (await (await fetch(`${base}/api/lab/models/${EBM_NAME}`)).json()) as ModelDetailResponse;
    const shapes = detail.explanations?.ebmShapes;
    expect(shapes, "the server returns the EBM's shapes").toBeTruthy();
    const top = [...shapes!.features].sort((a, b) => b.importance - a.importance)[0]!;
    const topLabel = detail.explanations!.features.find((f) => f.feature === top.feature)!.label;
    const levelFeature = shapes!.features.find((f) => f.type !== "numeric")!;
    expect(shapes!.pairs.length).toBeGreaterThan(0);

    const errors: string[] = [];
    const page = await newPage(browser, errors);
    await page.goto(`${base}/lab/models/${EBM_NAME}`);
    const section = page.getByTestId("ebm-shapes");
    expect(await page.getByTestId("ebm-shapes-link").getAttribute("href")).toBe("#ebm-shapes-title");
    await section.getByTestId("ebm-shape-chart").locator("svg").waitFor();
    expect(await section.getByTestId("ebm-shape").getAttribute("data-feature")).toBe(top.feature);
    const picker = section.getByTestId("ebm-feature");
    const firstOption = (await picker.locator("option").first().textContent()) ?? "";
    expect(firstOption.startsWith(`${topLabel} (importance `), firstOption).toBe(true);
    expect(await picker.locator("option").count()).toBe(shapes!.features.length);
    const chart = section.getByTestId("ebm-shape-chart");
    expect(await chart.textContent()).toContain(`higher probability of ${detail.model.metrics.event}`);
    expect(await chart.textContent()).toContain(topLabel);
    expect(await section.getByTestId("ebm-missing").textContent()).toMatch(
      /^Value missing: \d+ training patients?[,;] /,
    );

    const pairs = section.getByTestId("ebm-pair-chart");
    await pairs
      .nth(shapes!.pairs.length - 1)
      .locator("svg")
      .waitFor();
    expect(await pairs.count()).toBe(shapes!.pairs.length);
    // A heatmap draws one rectangle per cell with training patients, at least.
    expect(await pairs.first().locator("svg path").count()).toBeGreaterThan(4);

    if (SCREENSHOTS) await section.screenshot({ path: join(SCREENSHOTS, "ebm-shape-numeric.png") });

    // A coded feature is drawn as bars, one per level, its counts under the levels' names.
    await picker.selectOption(levelFeature.feature);
    await section.locator(`[data-testid="ebm-shape"][data-feature="${levelFeature.feature}"]`).waitFor();
    await expect.poll(async () => (await chart.textContent()) ?? "").toMatch(/n = \d+/);
    if (SCREENSHOTS) {
      await page.waitForTimeout(1500); // the axes' transition from the previous chart
      await section.screenshot({ path: join(SCREENSHOTS, "ebm-shapes.png") });
    }
    expect(errors).toEqual([]);
  });

  it("shows a time-to-event model's C-index, Kaplan–Meier calibration, per-centre C and net benefit of recalibration", async () => {
    const errors: string[] = [];
    const page = await newPage(browser, errors);
    await page.goto(`${base}/lab`);
    const row = page.locator(`[data-model="${COX_NAME}"] [data-testid="model-c-index"]`);
    await row.waitFor();
    expect(await row.textContent()).toMatch(
      /^C 0\.\d\d \(0\.\d\d–[01]\.\d\d\) · time-dependent AUC at 12 months 0\.\d\d/,
    );

    await page.locator(`[data-model="${COX_NAME}"] a.model-link`).click();
    await page.getByTestId("validation-figures").waitFor();
    expect(await page.getByTestId("cv-c-index").textContent()).toMatch(
      /^0\.\d\d \(95% CI 0\.\d\d–[01]\.\d\d\)$/,
    );
    expect(await page.getByTestId("validation-figures").textContent()).toContain(
      "Time-dependent AUC at 12 months",
    );
    expect(await page.getByTestId("cv-calibration-large").textContent()).toMatch(
      /^observed \d+% \(95% CI \d+–\d+%\) vs mean predicted \d+%$/,
    );
    expect(await page.getByTestId("km-calibration-note").textContent()).toMatch(/censored/);
    await page.getByTestId("calibration-chart").locator("svg").waitFor();
    expect(await page.getByTestId("calibration-chart").textContent()).toContain("Kaplan–Meier");
    expect(await page.getByTestId("optimism").textContent()).toMatch(/Harrell's C.*Uno's C/);
    const loco = page.getByTestId("loco");
    expect(await loco.getAttribute("data-measure")).toBe("harrellC");
    await loco.getByTestId("loco-chart").locator("svg").waitFor();
    expect(await loco.getByTestId("loco-chart").textContent()).toContain(
      "Harrell's C in the held-out centre",
    );
    expect(await loco.getByTestId("loco-pooled").textContent()).toMatch(
      /^random-effects pooled Harrell's C 0\.\d\d .*95% prediction interval/,
    );
    await page.getByTestId("beeswarm-chart").locator("svg").waitFor();
    expect(await page.getByTestId("beeswarm-chart").textContent()).toContain("log relative hazard");
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, "model-cox.png"), fullPage: true });

    await page.getByTestId("transport-link").click();
    await page.getByTestId("transport-headline").waitFor();
    expect(await page.getByTestId("transport-headline").textContent()).toMatch(/C-index 0\.\d\d/);
    expect(await page.getByTestId("transport-c-index").textContent()).toMatch(/^0\.\d\d \(95% CI/);
    expect(await page.getByTestId("effects-table").locator("thead").textContent()).toContain(
      "Log hazard ratio in 3L+",
    );
    const netBenefit = page.getByTestId("net-benefit-table");
    expect(await netBenefit.locator("thead").textContent()).toMatch(/original.*baseline.*slope.*treat all/);
    expect(await netBenefit.getByTestId("net-benefit-row").count()).toBeGreaterThan(0);
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, "transport-cox.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("shows a competing-risks model's Wolbers' C, cause AUC, Aalen–Johansen calibration, per-centre AUC, then its transport page", async () => {
    const errors: string[] = [];
    const page = await newPage(browser, errors);
    await page.goto(`${base}/lab`);
    const row = page.locator(`[data-model="${NRM_NAME}"] [data-testid="model-wolbers-c"]`);
    await row.waitFor();
    expect(await row.textContent()).toMatch(
      /^Wolbers' C 0\.\d\d · time-dependent AUC of NRM at 12 months 0\.\d\d \(0\.\d\d–[01]\.\d\d\)$/,
    );
    expect(await page.locator(`[data-model="${NRM_NAME}"]`).textContent()).not.toMatch(/Harrell/);

    await page.locator(`[data-model="${NRM_NAME}"] a.model-link`).click();
    await page.getByTestId("validation-figures").waitFor();
    expect(await page.getByTestId("validation-figures").getAttribute("data-competing")).toBe("nrm");
    expect(await page.getByTestId("model-predicts").textContent()).toContain(
      "cumulative incidence of NRM by 12 months, relapse competing",
    );
    expect(await page.getByTestId("cv-wolbers-c").textContent()).toMatch(/^0\.\d\d$/);
    expect(await page.getByTestId("validation-figures").textContent()).toContain(
      "Time-dependent AUC of NRM at 12 months",
    );
    expect(await page.getByTestId("cv-calibration-large").textContent()).toMatch(
      /^observed \(Aalen–Johansen\) \d+% \(95% CI \d+–\d+%\) vs mean predicted \d+%$/,
    );
    expect(await page.getByTestId("aj-calibration-note").textContent()).toMatch(/Aalen–Johansen/);
    await page.getByTestId("calibration-chart").locator("svg").waitFor();
    expect(await page.getByTestId("calibration-chart").textContent()).toContain("Aalen–Johansen");
    expect(await page.getByTestId("optimism").textContent()).toMatch(
      /Wolbers' C \(truncated at 12 months\).*Time-dependent AUC of NRM at 12 months.*Brier score of NRM/,
    );
    const loco = page.getByTestId("loco");
    expect(await loco.getAttribute("data-measure")).toBe("causeAuc");
    await loco.getByTestId("loco-chart").locator("svg").waitFor();
    expect(await loco.getByTestId("loco-chart").textContent()).toContain(
      "time-dependent AUC of NRM at 12 months in the held-out centre",
    );
    expect(await loco.getByTestId("loco-table").locator("thead").textContent()).toContain("Wolbers' C");
    // The centres' AUC of NRM is pooled (Wolbers' C has no standard error, so it is listed per centre only).
    const nrmDetail = (await (
      await fetch(`${base}/api/lab/models/${NRM_NAME}`)
    ).json()) as ModelDetailResponse;
    expect(nrmDetail.validation?.result.loco?.pooledAuc, "the server pools the centres' AUC").toBeTruthy();
    expect(await loco.getByTestId("loco-pooled").textContent()).toMatch(
      /^random-effects pooled time-dependent AUC of NRM at 12 months 0\.\d\d .*95% prediction interval/,
    );
    await page.getByTestId("beeswarm-chart").locator("svg").waitFor();
    expect(await page.getByTestId("beeswarm-chart").textContent()).toContain(
      "log hazard of NRM (cause-specific)",
    );
    const text = (await page.locator("article.model-page").textContent()) ?? "";
    expect(text).not.toContain("Harrell's C n/a");
    expect(text).not.toContain("1 − Kaplan–Meier");
    expect(text).not.toMatch(/Harrell's C not estimable/);
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, "model-nrm.png"), fullPage: true });

    // Its transport: cause-specific hazard ratios of NRM, its AUC at 12 months and Wolbers' C, Aalen–Johansen calibration.
    await page.getByTestId("transport-link").click();
    await page.getByTestId("transport-headline").waitFor();
    const headline = (await page.getByTestId("transport-headline").textContent()) ?? "";
    expect(headline).toMatch(
      /^In 2L the 3L\+ model of NRM \(relapse competing\) has time-dependent AUC of NRM at 12 months 0\.\d\d \(95% CI .*\) and Wolbers' C (0\.\d\d|not estimable);/,
    );
    expect(await page.getByTestId("transport-cause-auc").textContent()).toMatch(/^0\.\d\d \(95% CI/);
    expect(await page.getByTestId("transport-wolbers-c").textContent()).toMatch(
      /^(0\.\d\d|not estimable in 2L)$/,
    );
    expect(await page.getByTestId("transport-calibration").textContent()).toMatch(
      /^log\(Aalen–Johansen observed \/ mean predicted incidence of NRM\) at 12 months .*; slope not estimated$/,
    );
    expect(await page.getByTestId("transport-calibration-problem").textContent()).toContain(
      "No calibration slope is estimated for a cumulative-incidence model",
    );
    expect(await page.getByTestId("effects-table").locator("thead").textContent()).toContain(
      "Cause-specific log HR of NRM in 3L+ (95% CI)",
    );
    await page.getByTestId("transport-forest").locator("svg").waitFor();
    expect(await page.getByTestId("transport-forest").textContent()).toContain(
      "cause-specific hazard ratio of NRM (log scale)",
    );
    expect(await page.getByTestId("recalibration").locator("tbody th").allTextContents()).toEqual([
      "as developed",
      "baselines re-estimated in 2L",
      "slopes and baselines updated in 2L",
    ]);
    const netBenefit = page.getByTestId("net-benefit-table");
    expect(await netBenefit.locator("thead").textContent()).toMatch(
      /as developed.*baselines re-estimated in 2L.*slopes and baselines updated in 2L.*treat all/,
    );
    expect(await netBenefit.getByTestId("net-benefit-row").count()).toBeGreaterThan(0);
    const transportText = (await page.locator("article.transport-page").textContent()) ?? "";
    expect(transportText).toContain("Aalen–Johansen incidence of NRM");
    expect(transportText).not.toMatch(/C-index|Harrell|Kaplan–Meier/);
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, "transport-nrm.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("shows the patient's predictions, then recomputes them on the decision page when an input changes", async () => {
    expect(patientId, "a 2L patient with a prediction from both models").toBeDefined();
    const errors: string[] = [];
    const page = await newPage(browser, errors);
    await page.goto(`${base}/patients/${patientId}`);
    const pfs = page.locator('[data-testid="prediction-card"][data-model="pfs-12m"]');
    await pfs.getByTestId("probability").waitFor();
    expect(
      await page.locator('[data-testid="prediction-card"][data-model="crs-grade3"]').textContent(),
    ).toMatch(/not registered on this server/);
    expect(await pfs.getByTestId("probability").textContent()).toMatch(/^\d+(\.\d)?%$/);
    expect(await pfs.getByTestId("complement").textContent()).toMatch(/Progression-free at 12 months: \d+/);
    expect(await pfs.getByTestId("probability").getAttribute("title")).toMatch(/pfs-12m v\d/);

    if (SCREENSHOTS)
      await page
        .getByTestId("prediction-panel")
        .screenshot({ path: join(SCREENSHOTS, "prediction-panel.png") });

    await page.getByTestId("decision-link").click();
    await page.getByTestId("what-if-panel").waitFor();
    const cr = page.locator('[data-testid="prediction-detail"][data-model="cr-day90"]');
    await cr.getByTestId("waterfall").locator("svg").waitFor();
    expect(await cr.getByTestId("reasons").locator("li").count()).toBeGreaterThan(0);
    expect(await cr.getByTestId("similar-patient").count()).toBe(5);
    expect(await cr.getByTestId("model-facts").textContent()).toMatch(
      /Not a substitute for clinical judgement/,
    );
    const before = await cr.getByTestId("probability").textContent();

    expect(await cr.getByTestId("model-facts").textContent()).toMatch(/not validated yet/);
    expect(
      await page
        .locator('[data-testid="prediction-detail"][data-model="pfs-12m"] [data-testid="validation-auc"]')
        .getAttribute("title"),
    ).toMatch(/Nested cross-validation of model pfs-12m v1/);

    // LDH is an input of both models: a very high value must change what the models say.
    const ldh = page.locator("#what-if-ldh_u_per_l");
    await ldh.fill("3000");
    await cr.getByTestId("what-if-change").waitFor({ timeout: 30_000 });
    expect(await cr.getByTestId("what-if-used").textContent()).toMatch(/recorded .* → used 3000 U\/L/);
    expect(await cr.getByTestId("what-if-change").textContent()).toContain(
      `${before} with the recorded values`,
    );
    const pdf = await page.getByTestId("decision-pdf").getAttribute("href");
    expect(decodeURIComponent(pdf!.slice(pdf!.indexOf("whatIf=") + 7))).toBe('{"ldh_u_per_l":3000}');
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, "decision.png"), fullPage: true });

    // A value outside the dictionary's range is refused in the panel and never sent.
    await ldh.fill("20");
    await page.locator('[data-feature="ldh_u_per_l"] .field-issues').waitFor();
    expect(await page.getByTestId("decision-pdf").getAttribute("href")).not.toContain("whatIf");
    expect(errors).toEqual([]);
  });

  it("says what the server is doing while the demo models train, and follows it to the end", async () => {
    training = {
      state: "running",
      models: [
        { name: "cr-day90", stage: "ready", progress: 1, message: "v1 validated", error: null },
        { name: "pfs-12m", stage: "ready", progress: 1, message: "v1 validated", error: null },
        {
          name: "crs-grade3",
          stage: "validating",
          progress: 0.4,
          message: "bootstrap optimism",
          error: null,
        },
      ],
    };
    const errors: string[] = [];
    const page = await newPage(browser, errors);
    await page.goto(`${base}/lab`);
    await page.getByTestId("demo-training").waitFor();
    expect(await page.getByTestId("demo-training-summary").textContent()).toMatch(/2 of 3 ready/);
    const crs = page.locator('[data-testid="demo-training-model"][data-model="crs-grade3"]');
    expect(await crs.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("40");
    expect(await crs.textContent()).toMatch(/validating.*bootstrap optimism/);

    // The patient's panel says the same for the model it is still waiting for.
    const patientPage = await newPage(browser, errors);
    await patientPage.goto(`${base}/patients/${patientId}`);
    const waiting = patientPage.locator('[data-testid="prediction-card"][data-model="crs-grade3"]');
    await waiting.getByTestId("prediction-training").waitFor();
    expect(await waiting.textContent()).toMatch(/Being trained/);

    training = {
      state: "ready",
      models: training.models.map((m) => ({ ...m, stage: "ready", progress: 1, message: "validated" })),
    };
    // The page asks again every 2 s while the state is "running".
    await page.locator('[data-testid="demo-training"][data-state="ready"]').waitFor({ timeout: 6_000 });
    expect(await page.getByTestId("demo-training-summary").textContent()).toMatch(
      /were trained and validated/,
    );
    expect(errors).toEqual([]);
  });
});
