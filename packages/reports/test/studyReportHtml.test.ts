import type { ModelRecord } from "@carta/engine";
import { describe, expect, it } from "vitest";
import {
  NOT_COMPUTED,
  SYNTHETIC_BANNER,
  studyReportHtml,
  TRIPOD_AI_ITEMS,
  tripodChecklist,
} from "../src/index.js";
import { escapeHtml } from "../src/text/escapeHtml.js";
import {
  modelRecord,
  olderValidationResult,
  studyInput,
  transportResult,
  validationResult,
} from "./fixtures.js";

const HEADINGS = [
  "Summary",
  "Title and intended use",
  "Data source",
  "Participants",
  "Outcome",
  "Predictors",
  "Sample size",
  "Missing data",
  "Model",
  "Performance",
  "Calibration plot",
  "Decision curve",
  "Heterogeneity across centres (leave-one-centre-out)",
  "Conformal coverage",
  "Stability of the predictors",
  "Transport from 3L+ to 2L",
  "Using the model",
  "Limitations",
  "TRIPOD+AI checklist",
];

function sectionHtml(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}">`);
  expect(start).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf("</section>", start));
}

function olderInput() {
  return studyInput({
    transport: null,
    validation: { id: "run-old", createdAt: "2024-11-20T10:00:00.000Z", result: olderValidationResult() },
  });
}

describe("studyReportHtml", () => {
  const html = studyReportHtml(studyInput());

  it("has every TRIPOD+AI section heading, numbered in order", () => {
    let at = 0;
    HEADINGS.forEach((heading, i) => {
      const tag = `<h2>${i + 1}. ${escapeHtml(heading)}`;
      const found = html.indexOf(tag, at);
      expect(found, heading).toBeGreaterThan(at);
      at = found;
    });
  });

  it("prints the run's numbers", () => {
    // Nested CV AUC with its DeLong CI, optimism-corrected AUC, Brier against the null Brier.
    expect(html).toContain("0.76 (95% CI 0.73–0.80)");
    expect(sectionHtml(html, "performance")).toContain(">0.771<");
    expect(sectionHtml(html, "performance")).toContain(">0.195<");
    expect(sectionHtml(html, "performance")).toContain(">0.247<");
    // Participant flow: 880 considered, 41 not infused, 812 analysed.
    const flow = sectionHtml(html, "participants");
    expect(flow).toContain(">880<");
    expect(flow).toContain(">-41<");
    expect(flow).toContain("359 events, 453 non-events");
    // Events per candidate predictor: 359 / 8.
    expect(sectionHtml(html, "sample-size")).toContain(">44.9<");
    // Predictors: the flow-product column misses 301 of 830 rows.
    expect(sectionHtml(html, "predictors")).toContain("301 (36.3%)");
    // Transport: 2L AUC, the interaction p-values, domain AUC and the stored headline.
    const transport = sectionHtml(html, "transport");
    expect(transport).toContain("0.74 (95% CI 0.68–0.80)");
    expect(transport).toContain(">0.031<");
    expect(transport).toContain(">&lt; 0.001<");
    expect(transport).toContain("AUC 0.68 (95% CI 0.64–0.72)");
    expect(transport).toContain("1 remains below the Bonferroni threshold");
    // Conformal coverage and the stability table.
    expect(sectionHtml(html, "conformal")).toContain("90.4% of 812 patients (95% CI 88.2%–92.3%)");
    expect(sectionHtml(html, "stability")).toContain("<td>Metabolic tumour volume</td>");
    expect(sectionHtml(html, "model")).toContain(
      "Learner: gradient-boosted decision trees (binary logistic objective;",
    );
  });

  it("embeds the calibration plot, decision curve and forest plot as inline SVG", () => {
    for (const id of ["calibration-plot", "decision-curve", "loco-forest"]) {
      const figure = html.slice(html.indexOf(`<figure id="${id}">`));
      expect(figure.startsWith(`<figure id="${id}"><svg`), id).toBe(true);
    }
    expect(html.match(/<svg /g)).toHaveLength(3);
    // The forest plot names every held-out group and the pooled estimate.
    const forest = sectionHtml(html, "centres");
    expect(forest).toContain("small centres (44/19)");
    expect(forest).toContain("Pooled (random effects)");
    expect(html).not.toMatch(/zr\d+-/);
  });

  it("says which centres were pooled as small centres", () => {
    const centres = sectionHtml(html, "centres");
    expect(centres).toContain(
      "C10, C11, C12 were pooled into one held-out group, labelled &quot;small centres&quot;",
    );
    expect(centres).toContain("0.75 (95% CI 0.72–0.78); 95% prediction interval 0.69–0.81");
    // I² is stored in percent (metafor's convention, @carta/stats' metaAnalysis).
    expect(centres).toContain("I² = 21%");
  });

  it("compares the transport updates by net benefit, and says when a run predates it", () => {
    const transport = sectionHtml(html, "transport");
    const nb = transport.slice(transport.indexOf("<caption>Net benefit in 2L of each update"));
    expect(nb).toContain(
      '<th class="num">original</th><th class="num">intercept</th><th class="num">logistic</th>',
    );
    // At 40% logistic recalibration beats the original model (0.214) and treating everyone (0.167).
    expect(nb).toContain(
      '<tr><td class="num">40%</td><td class="num">0.214</td><td class="num">0.221</td><td class="num">0.226</td><td class="num">0.167</td><td>logistic</td></tr>',
    );
    // At 10% treating everyone (0.4444) does at least as well as every model.
    expect(nb).toContain('<tr><td class="num">10%</td><td class="num">0.444</td>');
    expect(nb.slice(0, nb.indexOf("</tr>", nb.indexOf(">10%<")))).toMatch(/<td>treat all<\/td>$/);
    expect(transport.indexOf("Model updating in 2L")).toBeLessThan(transport.indexOf("Net benefit in 2L"));

    const older = transportResult();
    older.recalibration = older.recalibration.map(({ net_benefit: _nb, ...r }) => r);
    const old = sectionHtml(
      studyReportHtml(
        studyInput({ transport: { id: "run-7", createdAt: "2025-01-02T10:00:00Z", result: older } }),
      ),
      "transport",
    );
    expect(old).toContain("Net benefit of the updates: not computed in this run");
    expect(old).not.toContain("Most net benefit");
  });

  it("escapes HTML in names from the data", () => {
    expect(html).toContain("CARTA-2L &lt;demo&gt; &amp; registry");
    expect(html).not.toContain("<demo>");
    expect(html).toContain("Naive-like CD8+ &lt;T cells&gt; &amp; &quot;stem&quot;");
    expect(html).not.toContain("<T cells>");
    // Text inside the charts' SVG too: a centre label reaches the forest plot.
    const v = validationResult();
    v.loco!.groups[0] = { ...v.loco!.groups[0]!, label: "C01 <Lyon & Nord>", centers: ["C01 <Lyon & Nord>"] };
    const forest = sectionHtml(
      studyReportHtml(studyInput({ validation: { id: "r", createdAt: "2025-03-02T11:40:00Z", result: v } })),
      "centres",
    );
    expect(forest).not.toContain("<Lyon");
    expect(forest.slice(forest.indexOf("<svg"))).toContain("C01 &lt;Lyon &amp; Nord&gt; (118/54)");
  });

  it("shows the synthetic-data banner only for synthetic data", () => {
    expect(html).toContain(escapeHtml(SYNTHETIC_BANNER));
    const real = studyReportHtml(studyInput({ synthetic: false }));
    expect(real).not.toContain('class="banner"');
    expect(real).not.toContain("SYNTHETIC");
  });

  it("maps every TRIPOD+AI item in the checklist table", () => {
    const checklist = sectionHtml(html, "checklist");
    for (const item of TRIPOD_AI_ITEMS) expect(checklist, item).toContain(`<tr><td>${item}</td>`);
    expect(TRIPOD_AI_ITEMS).toHaveLength(52);
    const entries = tripodChecklist(studyInput());
    expect(entries.find((e) => e.item === "17")?.status).toBe("not available");
    expect(entries.find((e) => e.item === "23b")?.status).toBe("reported");
    expect(entries.find((e) => e.item === "16")?.status).toBe("reported");
    expect(tripodChecklist(olderInput()).find((e) => e.item === "16")?.status).toBe("not applicable");
  });

  it("writes limitations from the facts", () => {
    const limitations = sectionHtml(html, "limitations");
    expect(limitations).toContain("The data are synthetic");
    expect(limitations).toContain("In 2L the 3L+ model&#39;s calibration slope is 0.78");
    expect(limitations).toContain("Naive-like CD8+ &lt;T cells&gt; &amp; &quot;stem&quot; (36%)");
    expect(limitations).not.toContain("Few events for the number of candidate predictors");
    expect(limitations).not.toContain(NOT_COMPUTED);

    // A small sample with an overfitted model: events per predictor and the slope are flagged.
    const small = modelRecord();
    small.metrics = { ...small.metrics, n: 120, nEvents: 30 };
    const v = validationResult();
    v.nestedCv.performance = { ...v.nestedCv.performance, calibrationSlope: 0.62 };
    const flagged = sectionHtml(
      studyReportHtml(
        studyInput({ model: small, validation: { id: "r", createdAt: "2025-03-02T11:40:00Z", result: v } }),
      ),
      "limitations",
    );
    expect(flagged).toContain("Few events for the number of candidate predictors: 3.8 per predictor");
    expect(flagged).toContain("calibration slope is 0.62: predictions are too extreme");
  });

  it("renders a run stored before the contract's additions", () => {
    const old = studyReportHtml(olderInput());
    for (const id of ["calibration", "decision-curve", "conformal", "stability"]) {
      expect(sectionHtml(old, id), id).toContain(NOT_COMPUTED);
    }
    expect(old.match(/<svg /g)).toHaveLength(1);
    expect(sectionHtml(old, "transport")).toContain("No transport analysis is stored");
    expect(sectionHtml(old, "limitations")).toContain(
      `calibration plot, decision curve, conformal coverage, predictor stability: ${NOT_COMPUTED}`,
    );
  });

  it("describes complete-case handling and the coefficients of an elastic net", () => {
    const base = modelRecord();
    const names = ["ldh_u_per_l", "ecog_ps", "mtv_ml"];
    const model: ModelRecord = {
      ...base,
      spec: { ...base.spec, learner: { kind: "elastic-net-logistic", grid: [{ lambda: 0.02, alpha: 0.5 }] } },
      model: {
        kind: "elastic-net-logistic",
        encoding: {
          names,
          columns: names.map((name, feature) => ({ feature, name, kind: "value" })),
          categorical: [],
        },
        lambda: 0.02,
        alpha: 0.5,
        intercept: 0.8123,
        coefficients: [-0.0021, 0, -0.0034],
        standardizedCoefficients: [-0.41, 0, -0.52],
      },
      metrics: {
        ...base.metrics,
        dropped: { endpointMissing: 18, incomplete: 205 },
        params: { lambda: 0.02, alpha: 0.5 },
      },
    };
    const html = studyReportHtml(studyInput({ model }));
    expect(sectionHtml(html, "missing-data")).toContain("Complete cases");
    expect(sectionHtml(html, "missing-data")).toContain("205 of 1017 (20.2%) rows");
    const section = sectionHtml(html, "model");
    expect(section).toContain("1 coefficient shrunk to zero");
    // Largest standardised effect first: MTV (−0.52) before LDH (−0.41).
    expect(section.indexOf("<td>mtv_ml</td>")).toBeLessThan(section.indexOf("<td>ldh_u_per_l</td>"));
    expect(sectionHtml(html, "use")).toContain("A patient missing any input gets no prediction");
  });

  it("describes an explainable boosting machine by its terms", () => {
    const base = modelRecord();
    const model: ModelRecord = {
      ...base,
      spec: { ...base.spec, learner: { kind: "ebm", grid: [{ interactions: 5, maxBins: 32 }] } },
      model: {
        kind: "ebm",
        ebm: {
          format: "carta.ebm-model",
          version: 1,
          intercept: -0.21,
          features: Array(8).fill({}),
          pairs: Array(5).fill({}),
        },
      },
      metrics: { ...base.metrics, params: { interactions: 5, maxBins: 32 } },
    };
    const html = studyReportHtml(studyInput({ model }));
    expect(sectionHtml(html, "model")).toContain("8 shape functions and 5 pair terms, intercept -0.2100");
    expect(sectionHtml(html, "sample-size")).toContain("n/a (shape functions, no design matrix)");
    expect(sectionHtml(html, "missing-data")).toContain("a bin of its own for a missing value");
    expect(sectionHtml(html, "intended-use")).toContain("explainable boosting machine (GA2M");
  });

  it("states the spec's intended use, or says that the spec has none", () => {
    expect(sectionHtml(html, "intended-use")).toContain(
      "<td>Intended use</td><td>Estimate, at CAR-T infusion, the probability of complete metabolic response at day +90 for patients",
    );
    const base = modelRecord();
    const generic = studyReportHtml(
      studyInput({ model: { ...base, spec: { ...base.spec, intendedUse: null } } }),
    );
    expect(sectionHtml(generic, "intended-use")).toContain(
      "treated with CAR-T cells in 2L and 3L+, from what is known at the infusion landmark.",
    );
    expect(sectionHtml(generic, "intended-use")).toContain(
      "(carta&#39;s generic statement: the model spec states none)",
    );
  });

  it("is the same string for the same input", () => {
    expect(studyReportHtml(studyInput())).toBe(html);
  });
});
