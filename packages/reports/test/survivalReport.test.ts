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
import type { ReportBlock } from "../src/document/reportDocument.js";
import {
  decisionPredictionOf,
  decisionReportPdf,
  type StudyReportInput,
  studyReportDocument,
  studyReportHtml,
  studyReportInputFromStore,
  studyReportPdf,
  TRIPOD_AI_ITEMS,
  tripodChecklist,
} from "../src/index.js";
import { transportSection } from "../src/study/sections/transport.js";
import { studyFacts } from "../src/study/studyFacts.js";
import { escapeHtml } from "../src/text/escapeHtml.js";
import { competingTransportResult } from "./fixtures.js";
import { pdfPageCount, pdfRunningText } from "./pdfContent.js";

/**
 * The study report and the decision PDF of time-to-event models, made from real runs: a demo store
 * is seeded, an elastic-net Cox model of PFS at 12 months is trained and validated with small
 * settings (nested CV, bootstrap optimism, leave-one-centre-out and the 3L+ → 2L transport), and
 * the report is read from the store as the CLI and the API read it. On the same store, a
 * cause-specific Cox model of non-relapse mortality (relapse_vs_nrm, progression competing) is
 * trained and validated the same way without a transport; its transport section is then tested from
 * the hand-built competing-risks transport document of fixtures.ts, attached as a transport run and
 * as the validation run's own transport part.
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

  it("says nothing of competing risks", () => {
    for (const word of ["Wolbers", "Aalen", "competing", "cause-specific"]) expect(html).not.toContain(word);
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

const NRM_SPEC = readModelSpec({
  format: "carta.model-spec",
  version: 1,
  name: "nrm-cox",
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
    transport: null,
  },
});

describe("the study report of a cause-specific Cox model of NRM at 12 months (progression competing)", () => {
  let nrm: StudyReportInput;
  let nrmHtml: string;
  let nrmPrediction: PatientPrediction;

  beforeAll(async () => {
    await trainModel(store, operator, clock, NRM_SPEC);
    const run = await validateModel(store, operator, clock, NRM_SPEC);
    nrm = await studyReportInputFromStore(store, operator, run.id, {
      generatedAt: "2026-02-01T09:00:00.000Z",
      studyName: "CARTA-2L demo",
    });
    nrmHtml = studyReportHtml(nrm);
    const table = await modelFeatureTable(store, operator, NRM_SPEC);
    const complete = table.rows.find((r) => r.values.every((v) => v !== null) && r.outcome)!;
    nrmPrediction = await predictPatient(store, operator, NRM_SPEC.name, complete.patientId, {
      bootstrapReplicates: 8,
    });
  });

  function section(id: string): string {
    const start = nrmHtml.indexOf(`<section id="${id}">`);
    expect(start).toBeGreaterThanOrEqual(0);
    return nrmHtml.slice(start, nrmHtml.indexOf("</section>", start));
  }

  const performance = () => nrm.validation.result.nestedCv.performance;
  const wolbers = () => performance().survival!.competing!.wolbersC!;

  it("leads with Wolbers' C and the time-dependent AUC of NRM, naming its cumulative incidence with relapse competing", () => {
    const perf = performance();
    expect(perf.survival!.competing!.cause).toBe("nrm");
    const summary = section("summary");
    expect(summary).toContain(
      "of the cumulative incidence of NRM by 12 months from the landmark, with progression or relapse as a competing event",
    );
    expect(summary).toContain(
      escapeHtml(
        `Nested cross-validated Wolbers' C (truncated at 12 months) ${wolbers().toFixed(2)}, time-dependent AUC of NRM at 12 months ${ci({ estimate: perf.auc, lower: perf.aucLower, upper: perf.aucUpper })}`,
      ),
    );
    expect(summary).toContain(
      `observed cumulative incidence of NRM by 12 months ${(100 * perf.survival!.observedRisk.estimate).toFixed(1)}% (Aalen–Johansen)`,
    );
    const pooled = nrm.validation.result.loco!.pooledAuc!;
    expect(summary).toContain(
      `pooled time-dependent AUC of NRM at 12 months ${ci({ estimate: pooled.estimate, lower: pooled.ciLower, upper: pooled.ciUpper })}`,
    );
  });

  it("never calls the incidence 1 − Kaplan–Meier nor the C Harrell's", () => {
    expect(nrmHtml).not.toContain(escapeHtml("Harrell's C"));
    expect(nrmHtml).not.toContain("1 − Kaplan–Meier");
    expect(nrmHtml).not.toContain("1 − S(");
    expect(nrmHtml).not.toContain("Uno");
  });

  it("tables Wolbers' C, the cause's AUC and Brier with their optimism, and no calibration slope", () => {
    const s = section("performance");
    const perf = performance();
    expect(s).toContain(
      `<td>${escapeHtml("Wolbers' C, truncated at 12 months")}</td><td class="num">${wolbers().toFixed(2)}</td>`,
    );
    expect(s).toContain(
      `<td>time-dependent AUC of NRM at 12 months (competing events as controls, IPCW, 95% CI)</td><td class="num">${ci({ estimate: perf.auc, lower: perf.aucLower, upper: perf.aucUpper })}</td>`,
    );
    expect(s).toContain(
      `<td>Observed cumulative incidence of NRM by 12 months (Aalen–Johansen, 95% CI)</td>`,
    );
    expect(s).toContain('<td>Calibration slope</td><td class="num">not estimated</td>');
    for (const name of [
      "Wolbers' C (truncated at 12 months) [WolbersC]",
      "Time-dependent AUC of NRM at 12 months [AUC]",
      "Brier score of NRM at 12 months (IPCW) [Brier]",
    ])
      expect(s).toContain(`<td>${escapeHtml(name)}</td>`);
    const corrected = nrm.validation.result.optimism.indexes.find((i) => i.index === "WolbersC")!.corrected;
    expect(section("summary")).toContain(
      escapeHtml(`Bootstrap optimism-corrected Wolbers' C ${corrected.toFixed(2)}`),
    );
  });

  it("counts NRM events and the competing events in the sample size", () => {
    const m = nrm.model.metrics;
    const s = section("sample-size");
    expect(s).toContain(`<tr><td>NRM events (over all follow-up)</td><td class="num">${m.nEvents}</td></tr>`);
    expect(s).toContain(
      `<tr><td>Competing events (progression or relapse) by the 12-month horizon</td><td class="num">${m.apparent.survival!.competing!.competingByHorizon}</td></tr>`,
    );
    expect(s).toContain(
      `<tr><td>No NRM event (competing event or censored)</td><td class="num">${m.n - m.nEvents}</td></tr>`,
    );
    expect(section("outcome")).toContain("<td>Competing event</td>");
  });

  it("calibrates against the Aalen–Johansen incidence per risk group", () => {
    const s = section("calibration");
    const groups = nrm.validation.result.nestedCv.calibrationGroups!;
    expect(groups[0]!.atRiskAfterHorizon).toBeGreaterThan(0);
    expect(s).toContain(`<th class="num">Observed, Aalen–Johansen (95% CI)</th>`);
    expect(s).toContain(
      `<td class="num">${groups[0]!.eventsByHorizon}</td><td class="num">${groups[0]!.atRiskAfterHorizon}</td>`,
    );
    expect(s).toContain("Observed incidence by 12 months (Aalen–Johansen)");
    const observed = performance().survival!.observedRisk;
    expect(s).toContain(
      `observed cumulative incidence of NRM by 12 months ${ci(observed, 3)} (Aalen–Johansen over all out-of-fold patients)`,
    );
  });

  it("draws the centres' AUC of NRM with the pooled AUC and its prediction interval, Wolbers' C per centre", () => {
    const s = section("centres");
    const loco = nrm.validation.result.loco!;
    const pooled = loco.pooledAuc!;
    expect(pooled.piLower).not.toBeNull();
    expect(s).toContain(
      `Pooled time-dependent AUC of NRM at 12 months ${ci({ estimate: pooled.estimate, lower: pooled.ciLower, upper: pooled.ciUpper })}; 95% prediction interval ${pooled.piLower!.toFixed(2)}–${pooled.piUpper!.toFixed(2)}`,
    );
    const c01 = loco.groups.find((g) => g.label === "C01")!;
    expect(s).toContain(`<td class="num">${c01.performance!.survival!.competing!.wolbersC!.toFixed(2)}</td>`);
    const svg = s.slice(s.indexOf('<figure id="loco-forest"><svg'));
    expect(svg).toContain("AUC of NRM at 12 months");
    expect(svg).toContain("Pooled (random effects)");
    expect(svg).toContain(`C01 (${c01.n}/${c01.nEvents})`);
  });

  it("describes cause-specific Cox models of both causes and an incidence that depends on both", () => {
    const s = section("model");
    expect(s).toContain("Benichou &amp; Gail, Biometrics 1990;46:813");
    expect(s).toContain("Ozenne et al., R Journal 2017;9(2):440");
    expect(s).toContain("The absolute risk therefore depends on both models");
    expect(s).toContain("<caption>Cause-specific model of NRM: non-zero coefficients");
    expect(s).toContain("<caption>Cause-specific model of relapse: non-zero coefficients");
    expect(section("sample-size")).toContain(
      `<tr><td>Model parameters per cause-specific model (design columns)</td><td class="num">4</td></tr>`,
    );
  });

  it("limits the explanation to the hazard, says no transport was run, and that the competing risk is handled", () => {
    expect(nrm.transport).toBeNull();
    const s = section("limitations");
    expect(s).toContain("cause-specific log hazard of NRM, not directly of its cumulative incidence");
    expect(s).toContain("No 3L+ → 2L transport analysis was run for this model");
    expect(s).toContain(
      "Censoring and the competing risk are handled: patients censored before 12 months keep their follow-up",
    );
    expect(s).toContain("counts as a competing event, not as censoring");
    expect(section("transport")).toContain("No transport analysis was run for this model");
    expect(section("summary")).toContain("No 3L+ → 2L transport analysis was run for this model.");
    expect(nrmHtml).not.toContain("in version 1");
    const entries = tripodChecklist(nrm);
    for (const item of ["12f", "16", "20c", "24"]) {
      const entry = entries.find((e) => e.item === item)!;
      expect(entry.status, item).toBe("not applicable");
      expect(entry.comment, item).toBe("no transport analysis was run for this model");
    }
    for (const item of ["12d", "12e", "23b"])
      expect(entries.find((e) => e.item === item)?.status, item).toBe("reported");
  });

  it("checks the decision curve's incidence against Aalen–Johansen", () => {
    const observed = performance().survival!.observedRisk.estimate;
    const curve = nrm.validation.result.nestedCv.decisionCurve!;
    // A curve whose treat-all line is F − (1 − F)·t/(1 − t) with F the given incidence.
    const withIncidence = (f: number): StudyReportInput => ({
      ...nrm,
      validation: {
        ...nrm.validation,
        result: {
          ...nrm.validation.result,
          nestedCv: {
            ...nrm.validation.result.nestedCv,
            decisionCurve: { ...curve, treatAll: curve.thresholds.map((t) => f - ((1 - f) * t) / (1 - t)) },
          },
        },
      },
    });
    const caption = (input: StudyReportInput) =>
      studyReportDocument(input)
        .sections.find((x) => x.id === "decision-curve")!
        .blocks.map((b) => (b.kind === "chart" ? b.caption : ""))
        .join("");
    expect(caption(withIncidence(observed))).toContain(
      "The incidence among those treated is the Aalen–Johansen estimate",
    );
    const biased = withIncidence(observed + 0.02);
    expect(caption(biased)).toContain(
      `its treat-all line implies an overall incidence of ${(100 * (observed + 0.02)).toFixed(1)}% against the Aalen–Johansen ${(100 * observed).toFixed(1)}%`,
    );
    const limitations = studyReportHtml(biased);
    expect(limitations).toContain(
      "The decision curve did not estimate the incidence with progression or relapse",
    );
    expect(studyReportHtml(withIncidence(observed))).not.toContain("The decision curve did not estimate");
  });

  /** The NRM run with the fixture's competing-risks transport stored as a transport run. */
  const withTransport = (result = competingTransportResult()): StudyReportInput => ({
    ...nrm,
    transport: { id: "run-tr-nrm", createdAt: "2026-01-01T00:10:00.000Z", result },
  });
  const tableOf = (blocks: readonly ReportBlock[], caption: string) => {
    const t = blocks.find((b) => b.kind === "table" && b.caption?.startsWith(caption));
    expect(t, caption).toBeDefined();
    return t as Extract<ReportBlock, { kind: "table" }>;
  };
  const textOf = (blocks: readonly ReportBlock[]) =>
    blocks.map((b) => (b.kind === "paragraph" || b.kind === "note" ? b.text : "")).join("\n");

  it("shows a competing-risks transport: the AUC of NRM and Wolbers' C in 2L, Aalen–Johansen calibration, no slope", () => {
    const input = withTransport();
    const t = input.transport!.result;
    const section = transportSection(input, studyFacts(input));
    expect(section.tripod).toEqual(["12f", "16", "20c", "23a", "24"]);
    const text = textOf(section.blocks);
    expect(text).toContain("From transport run run-tr-nrm of 2026-01-01 00:10 UTC");
    expect(text).toContain("first grid entry, cause-specific models of both causes");
    expect(text).toContain(t.headline);
    expect(tableOf(section.blocks, "Performance of the 3L+ model in 2L").rows).toEqual([
      [
        "time-dependent AUC of NRM at 12 months (competing events as controls, IPCW, 95% CI)",
        "0.66 (95% CI 0.55–0.78)",
      ],
      ["Wolbers' C, truncated at 12 months", "0.64"],
      ["Brier score of NRM at 12 months (IPCW)", "0.097"],
      [
        "Calibration-in-the-large, log(observed Aalen–Johansen / mean predicted incidence) at 12 months",
        "-0.27",
      ],
      ["Calibration slope", "not estimated"],
    ]);
    expect(text).toContain("Calibration in 2L: no calibration slope for a cumulative-incidence model.");
    const updating = tableOf(section.blocks, "Model updating in 2L");
    expect(updating.columns.map((c) => c.label)).toEqual([
      "Updating (cross-validated in 2L)",
      "AUC of NRM at 12 months",
      "Wolbers' C",
      "log(O/E) at 12 months",
    ]);
    expect(updating.rows).toEqual([
      ["original: 3L+ models as is", "0.66", "0.64", "-0.27"],
      [
        "baseline: both causes' Breslow baselines re-estimated (linear predictors kept)",
        "0.66",
        "0.64",
        "0.03",
      ],
      ["slope: each cause's slope and baseline hazard re-estimated", "0.65", "0.63", "0.01"],
    ]);
    expect(text).toContain("van Houwelingen, Stat Med 2000;19:3401, per cause");
  });

  it("compares the updates by net benefit with the Aalen–Johansen incidence of those treated", () => {
    const input = withTransport();
    const section = transportSection(input, studyFacts(input));
    const nb = tableOf(section.blocks, "Net benefit in 2L at 12 months");
    expect(nb.columns.map((c) => c.label)).toEqual([
      "Threshold (incidence of NRM by 12 months)",
      "original",
      "baseline",
      "slope",
      "Treat all",
      "Most net benefit",
    ]);
    // At 10% the baseline update beats the original, the slope update and treating everyone (0.022);
    // from 30% on no strategy beats treating no one.
    expect(nb.rows[0]).toEqual(["10%", "0.031", "0.035", "0.033", "0.022", "baseline"]);
    expect(nb.rows[3]).toEqual(["40%", "0.000", "0.000", "0.000", "-0.467", "treat none"]);
    expect(nb.rows).toHaveLength(5);
    const text = textOf(section.blocks);
    expect(text).toContain(
      "the risk among those treated is their Aalen–Johansen cumulative incidence of NRM by 12 months, progression or relapse counting as no NRM",
    );
    expect(text).not.toContain("Kaplan–Meier");
  });

  it("tables the cause-specific log hazard ratios per cohort with the interaction p", () => {
    const input = withTransport();
    const facts = studyFacts(input);
    const section = transportSection(input, facts);
    const effects = tableOf(section.blocks, "Predictor effects side by side");
    expect(effects.columns.map((c) => c.label)).toEqual([
      "Predictor",
      "Scale",
      "3L+ cause-specific log HR (95% CI)",
      "2L cause-specific log HR (95% CI)",
      "Interaction p",
    ]);
    expect(effects.rows[2]).toEqual([
      facts.labelOf("crp_mg_l"),
      "per SD",
      "0.44 (0.20–0.68)",
      "-0.05 (-0.47–0.37)",
      "0.046",
    ]);
    const text = textOf(section.blocks);
    expect(text).toContain(
      "Effects are cause-specific log hazard ratios of NRM (log HR per SD for a numeric predictor",
    );
    expect(text).toContain("in each cohort with progression or relapse as censoring");
    expect(text).toContain("Putter et al., Stat Med 2007;26:2389");
    expect(text).toContain("not on its cumulative incidence, which also depends on the hazard of relapse");
    expect(text).toContain("one cause-specific Cox model of NRM in both cohorts");
    expect(text).not.toContain("log-odds");
  });

  it("reports the TRIPOD transport items, the summary and the cause-specific limitations when the run has a transport", () => {
    const input = withTransport();
    const entries = tripodChecklist(input);
    for (const item of ["12f", "16", "20c", "24"])
      expect(entries.find((e) => e.item === item)?.status, item).toBe("reported");
    const html = studyReportHtml(input);
    const part = (id: string) => {
      const start = html.indexOf(`<section id="${id}">`);
      expect(start).toBeGreaterThanOrEqual(0);
      return html.slice(start, html.indexOf("</section>", start));
    };
    expect(part("summary")).toContain(
      escapeHtml(
        "Fitted in 3L+ and applied in 2L: time-dependent AUC of NRM at 12 months 0.66 (95% CI 0.55–0.78), Wolbers' C 0.64, calibration-in-the-large log(observed Aalen–Johansen / mean predicted incidence) -0.27.",
      ),
    );
    const limitations = part("limitations");
    expect(limitations).toContain(
      escapeHtml(
        "The transport's predictor effects are cause-specific log hazard ratios of NRM (progression or relapse as censoring)",
      ),
    );
    expect(limitations).toContain("In 2L no calibration slope is estimated");
    expect(html).not.toContain("was run for this model");
    for (const word of ["C-index", escapeHtml("Harrell's C"), "Kaplan–Meier risk"])
      expect(html).not.toContain(word);
  });

  it("reads the validation run's own transport part when no transport run is stored", () => {
    const input: StudyReportInput = {
      ...nrm,
      transport: null,
      validation: {
        ...nrm.validation,
        result: { ...nrm.validation.result, transport: competingTransportResult() },
      },
    };
    const section = transportSection(input, studyFacts(input));
    expect(textOf(section.blocks)).toContain(`From validation run ${nrm.validation.id}:`);
    expect(tableOf(section.blocks, "Predictor effects side by side").rows).toHaveLength(3);
    expect(tripodChecklist(input).find((e) => e.item === "24")?.status).toBe("reported");
  });

  it("warns when the transport judged the other cause than the model predicts", () => {
    const relapse = competingTransportResult();
    relapse.performance_2l.cause = "relapse";
    const input = withTransport(relapse);
    const section = transportSection(input, studyFacts(input));
    expect(textOf(section.blocks)).toContain(
      "Caution: this transport analysis judged the incidence of relapse, while the model predicts that of NRM",
    );
    expect(tableOf(section.blocks, "Performance of the 3L+ model in 2L").rows[0]![0]).toContain(
      "time-dependent AUC of relapse at 12 months",
    );
    const own = withTransport();
    expect(textOf(transportSection(own, studyFacts(own)).blocks)).not.toContain("Caution");
  });

  it("renders a competing-risks transport in the PDF", async () => {
    const pdf = await studyReportPdf(withTransport(), { compress: false });
    const text = pdfRunningText(pdf);
    expect(text).toContain("3L+ cause-specific log HR (95% CI)");
    expect(text).toContain("Wolbers' C, truncated at 12 months");
    expect(text).toContain("Threshold (incidence of NRM by 12 months)");
  });

  it("renders as a PDF with the same figures", async () => {
    const pdf = await studyReportPdf(nrm, { compress: false });
    const pages = pdfPageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(6);
    const text = pdfRunningText(pdf);
    expect(text).toContain(`page ${pages} of ${pages}`);
    expect(text).toContain(`Wolbers' C (truncated at 12 months) ${wolbers().toFixed(2)}`);
    expect(text).toContain("time-dependent AUC of NRM at 12 months");
    expect(text).toContain("Observed incidence by 12 months (Aalen–Johansen)");
    expect(text).toContain("AUC of NRM at 12 months");
    expect(text).not.toContain("Harrell's C");
    for (const s of studyReportDocument(nrm).sections)
      expect(text, s.heading).toContain(s.heading.replace("→", "->"));
  });

  it("gives the patient's cumulative incidence on the decision PDF with Wolbers' C and the AUC at the horizon", async () => {
    expect(nrmPrediction.model.kind).toBe("cause-specific-cox");
    const prediction = await decisionPredictionOf(store, nrmPrediction);
    const v = prediction.model.validation!;
    expect(v.wolbers_c).toBe(wolbers());
    const pdf = await decisionReportPdf(
      {
        patientId: prediction.patient_id,
        cohort: "2L",
        generatedAt: "2026-02-01T09:00:00.000Z",
        predictions: [prediction],
      },
      { compress: false },
    );
    expect(pdfPageCount(pdf)).toBe(1);
    const text = pdfRunningText(pdf);
    expect(text).toContain("Non-relapse mortality, death without prior progression (progression competing)");
    expect(text).toContain(
      "Cumulative incidence by 12 months from the landmark, the competing event accounted for (cause-specific Cox models of both causes)",
    );
    expect(text).toContain(
      `Wolbers' C ${wolbers().toFixed(2)}, time-dependent AUC at 12 months ${ci({ estimate: v.auc, lower: v.auc_lower, upper: v.auc_upper })}`,
    );
    expect(text).toContain("SHAP values are on this cause's own hazard");
    expect(text).not.toContain("C-index");
    expect(text).not.toContain("Cox model: linear predictor and Breslow baseline");
    expect(text).toMatch(
      /90% conformal set: (both outcomes|the event by 12 months|not the event by 12 months \(event-free, or the competing event first\)|empty)/,
    );
  });
});
