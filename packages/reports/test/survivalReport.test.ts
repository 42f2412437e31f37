import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Actor,
  localOperator,
  modelFeatureTable,
  openStore,
  type PatientPrediction,
  predictPatient,
  readModelSpec,
  type Store,
  seedDemo,
  trainModel,
  validateModel,
} from "@carta/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decisionReportPdf,
  type StudyReportInput,
  studyReportDocument,
  studyReportHtml,
  studyReportInputFromStore,
  studyReportPdf,
  TRIPOD_AI_ITEMS,
  tripodChecklist,
} from "../src/index.js";
import { escapeHtml } from "../src/text/escapeHtml.js";
import { pdfPageCount, pdfRunningText } from "./pdfContent.js";

/**
 * The study report and the decision PDF of a time-to-event model, made from a real run: a demo store
 * is seeded, an elastic-net Cox model of PFS at 12 months is trained and validated with small
 * settings (nested CV, bootstrap optimism, leave-one-centre-out and the 3L+ → 2L transport), and
 * the report is read from the store as the CLI and the API read it.
 */

const SPEC = readModelSpec({
  format: "carta.model-spec",
  version: 1,
  name: "pfs-cox",
  endpoint: "pfs",
  horizonMonths: 12,
  cohort: "both",
  landmark: "infusion",
  features: { variables: ["ecog_ps", "ldh_u_per_l", "crp_mg_l"], derived: ["ipi"] },
  learner: { kind: "elastic-net-cox", grid: [{ lambda: 0.01, alpha: 0.5 }] },
  validation: {
    outerFolds: 3,
    innerFolds: 2,
    bootstrapReplicates: 4,
    locoMinEvents: 5,
    seed: 3,
    transport: { development: "3L+", target: "2L" },
  },
});

let tick = 0;
const clock = (): string => new Date(Date.UTC(2026, 0, 1) + ++tick * 1000).toISOString();

let dataDir: string;
let store: Store;
let operator: Actor;
let input: StudyReportInput;
let html: string;
let prediction: PatientPrediction;
let patientCohort: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "carta-reports-"));
  store = await openStore({ dataDir, now: clock });
  operator = await localOperator(store.db, "modeller", clock());
  await seedDemo(store, operator, clock, { seed: 7 });
  await trainModel(store, operator, clock, SPEC);
  const run = await validateModel(store, operator, clock, SPEC);
  input = await studyReportInputFromStore(store, operator, run.id, {
    generatedAt: "2026-02-01T09:00:00.000Z",
    studyName: "CARTA-2L demo",
  });
  html = studyReportHtml(input);
  const table = await modelFeatureTable(store, operator, SPEC);
  const complete = table.rows.find((r) => r.values.every((v) => v !== null) && r.outcome)!;
  prediction = await predictPatient(store, operator, SPEC.name, complete.patientId, {
    bootstrapReplicates: 8,
  });
  const patient = await store.db
    .selectFrom("patients")
    .select("cohort")
    .where("id", "=", complete.patientId)
    .executeTakeFirstOrThrow();
  patientCohort = patient.cohort;
});

afterAll(async () => {
  await store?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function sectionHtml(id: string): string {
  const start = html.indexOf(`<section id="${id}">`);
  expect(start).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf("</section>", start));
}

/** "0.65 (95% CI 0.63–0.68)" of a stored interval, as the report prints it. */
function ci(x: { estimate: number; lower: number; upper: number }, digits = 2): string {
  return `${x.estimate.toFixed(digits)} (95% CI ${x.lower.toFixed(digits)}–${x.upper.toFixed(digits)})`;
}

describe("the study report of an elastic-net Cox model of PFS at 12 months", () => {
  it("leads with Harrell's C and names the time-dependent AUC at the horizon", () => {
    const perf = input.validation.result.nestedCv.performance;
    const harrell = perf.survival!.harrellC!;
    const summary = sectionHtml("summary");
    expect(summary).toContain(
      escapeHtml(
        `Nested cross-validated Harrell's C ${ci(harrell)}, time-dependent AUC at 12 months ${ci({ estimate: perf.auc, lower: perf.aucLower, upper: perf.aucUpper })}`,
      ),
    );
    expect(summary).not.toContain("Nested cross-validated AUC");
    const performance = sectionHtml("performance");
    expect(performance).toContain(`<td>${escapeHtml("Harrell's C, all follow-up (95% CI)")}</td>`);
    expect(performance).toContain(`<td class="num">${ci(harrell)}</td>`);
    expect(performance).toContain("time-dependent AUC at 12 months (cumulative/dynamic, 95% CI)");
    expect(performance).toContain(escapeHtml("Uno's C, truncated at 12 months"));
    expect(performance).not.toContain("DeLong");
  });

  it("names the optimism indexes of a Cox model, not the AUC's", () => {
    const performance = sectionHtml("performance");
    for (const name of [
      "Harrell's C [HarrellC]",
      "Uno's C (truncated at 12 months) [UnoC]",
      "Calibration slope (Cox) [Slope]",
    ])
      expect(performance).toContain(`<td>${escapeHtml(name)}</td>`);
    const harrell = input.validation.result.optimism.indexes.find((i) => i.index === "HarrellC")!;
    expect(sectionHtml("summary")).toContain(
      escapeHtml(`Bootstrap optimism-corrected Harrell's C ${harrell.corrected.toFixed(2)}`),
    );
  });

  it("counts events over follow-up and by the horizon in the sample size", () => {
    const m = input.model.metrics;
    const section = sectionHtml("sample-size");
    expect(section).toContain(
      `<tr><td>Events (over all follow-up)</td><td class="num">${m.nEvents}</td></tr>`,
    );
    expect(section).toContain(
      `<tr><td>Events by the 12-month horizon</td><td class="num">${m.apparent.survival!.eventsByHorizon}</td></tr>`,
    );
    expect(section).toContain(
      `<tr><td>Censored without an event</td><td class="num">${m.n - m.nEvents}</td></tr>`,
    );
    expect(section).toContain("Peduzzi et al., J Clin Epidemiol 1995;48:1503");
    expect(section).not.toContain("smaller outcome class");
  });

  it("shows calibration by Kaplan–Meier risk groups, with no smoothed curve and the reason", () => {
    const section = sectionHtml("calibration");
    const groups = input.validation.result.nestedCv.calibrationGroups!;
    expect(section).toContain('<th class="num">Events by 12 months</th>');
    expect(section).toContain(`<td class="num">${groups[0]!.eventsByHorizon}</td>`);
    expect(section).toContain("Observed risk by 12 months (Kaplan–Meier)");
    expect(section).toContain("No smoothed calibration curve is drawn");
    expect(section).toContain("a patient censored before 12 months has none");
    expect(section.toLowerCase()).not.toContain("lowess");
    expect(section).not.toContain("Observed proportion");
    const s = input.validation.result.nestedCv.performance.survival!;
    expect(section).toContain(
      `observed risk ${ci(s.observedRisk, 3)} (1 − Kaplan–Meier S(12 months) over all out-of-fold patients) against a mean predicted risk of ${s.meanPredictedRisk.toFixed(3)}`,
    );
  });

  it("draws the centres' Harrell's C with the pooled C and its prediction interval", () => {
    const section = sectionHtml("centres");
    const pooled = input.validation.result.loco!.pooledHarrellC!;
    expect(pooled.piLower).not.toBeNull();
    expect(section).toContain(
      escapeHtml(
        `Pooled Harrell's C ${ci({ estimate: pooled.estimate, lower: pooled.ciLower, upper: pooled.ciUpper })}; 95% prediction interval ${pooled.piLower!.toFixed(2)}–${pooled.piUpper!.toFixed(2)}`,
      ),
    );
    const svg = section.slice(section.indexOf('<figure id="loco-forest"><svg'));
    expect(svg).toContain("Harrell&#39;s C");
    expect(svg).toContain("Pooled (random effects)");
    const c01 = input.validation.result.loco!.groups.find((g) => g.label === "C01")!;
    expect(svg).toContain(`C01 (${c01.n}/${c01.nEvents})`);
    expect(section).not.toContain("Pooled AUC");
  });

  it("reports the transport with the C-index, log hazard ratios and the updates compared by net benefit", () => {
    const section = sectionHtml("transport");
    const t = input.transport!.result;
    const p = t.performance_2l;
    expect(section).toContain(
      `<td>${escapeHtml("C-index (Harrell's C, 95% CI)")}</td><td class="num">${ci({ estimate: p.c_index!, lower: p.c_index_lower!, upper: p.c_index_upper! })}</td>`,
    );
    expect(section).toContain("time-dependent AUC at 12 months (95% CI)");
    expect(section).toContain("3L+ log HR (95% CI)");
    expect(section).toContain("log HR per SD");
    expect(section).not.toContain("log-odds");
    expect(section).toContain("baseline: baseline hazard re-estimated");
    // The net benefit table: one row per threshold, a column per update, treat all and the winner.
    const nb = section.slice(section.indexOf("<caption>Net benefit in 2L at 12 months"));
    for (const method of ["original", "baseline", "slope"])
      expect(nb).toContain(`<th class="num">${method}</th>`);
    const slope = t.recalibration.find((r) => r.method === "slope")!;
    expect(nb).toContain(`<td class="num">${slope.net_benefit!.model[2]!.toFixed(3)}</td>`);
    expect(nb).toContain(`<td class="num">${slope.net_benefit!.treat_all[2]!.toFixed(3)}</td>`);
    expect(nb.match(/<tr><td class="num">\d+%<\/td>/g)).toHaveLength(slope.net_benefit!.thresholds.length);
  });

  it("writes limitations that speak of the C statistic, not an AUC", () => {
    const section = sectionHtml("limitations");
    expect(section).toContain("The data are synthetic");
    expect(section).not.toMatch(/\bAUC\b/);
  });

  it("keeps every TRIPOD+AI item, reported where the run has the analysis", () => {
    const checklist = sectionHtml("checklist");
    for (const item of TRIPOD_AI_ITEMS) expect(checklist, item).toContain(`<tr><td>${item}</td>`);
    const entries = tripodChecklist(input);
    for (const item of ["12d", "12e", "12f", "16", "23b", "24"])
      expect(entries.find((e) => e.item === item)?.status, item).toBe("reported");
  });

  it("renders as a PDF with the same figures", async () => {
    const pdf = await studyReportPdf(input, { compress: false });
    expect(Buffer.from(pdf.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const pages = pdfPageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(6);
    const text = pdfRunningText(pdf);
    expect(text).toContain(`page ${pages} of ${pages}`);
    const harrell = input.validation.result.nestedCv.performance.survival!.harrellC!;
    expect(text).toContain(`Harrell's C ${ci(harrell)}`);
    expect(text).toContain("time-dependent AUC at 12 months");
    expect(text).toContain("Observed risk by 12 months (Kaplan–Meier)");
    for (const s of studyReportDocument(input).sections)
      expect(text, s.heading).toContain(s.heading.replace("→", "->"));
  });
});

describe("the decision PDF of a Cox model's prediction", () => {
  it("gives the risk by the horizon and its validation as C-index and time-dependent AUC", async () => {
    const v = prediction.model.validation!;
    expect(v.c_index).toBeTruthy();
    const pdf = await decisionReportPdf(
      {
        patientId: prediction.patient_id,
        cohort: patientCohort,
        generatedAt: "2026-02-01T09:00:00.000Z",
        predictions: [prediction],
      },
      { compress: false },
    );
    expect(pdfPageCount(pdf)).toBe(1);
    const text = pdfRunningText(pdf);
    expect(text).toContain("Progression or death within 12 months of the landmark");
    expect(text).toContain("Risk by 12 months from the landmark (Cox model");
    expect(text).toContain(
      `C-index ${ci(v.c_index!)}, time-dependent AUC at 12 months ${ci({ estimate: v.auc, lower: v.auc_lower, upper: v.auc_upper })}`,
    );
    expect(text).toMatch(
      /90% conformal set: (both outcomes|the event by 12 months|no event by 12 months|empty)/,
    );
    expect(text).not.toMatch(/\bAUC 0\.\d\d \(95% CI/);
  });
});
