import { describe, expect, it } from "vitest";
import { decisionReportPdf } from "../src/index.js";
import { decisionInput, prediction } from "./fixtures.js";
import { pdfPageCount, pdfRunningText, pdfTextLines } from "./pdfContent.js";

async function render(input = decisionInput()) {
  const pdf = await decisionReportPdf(input, { compress: false });
  return { pdf, lines: pdfTextLines(pdf), text: pdfRunningText(pdf) };
}

describe("decisionReportPdf", () => {
  it("is one A4 page with a block per model", async () => {
    const { pdf, lines, text } = await render();
    expect(Buffer.from(pdf.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    expect(pdfPageCount(pdf)).toBe(1);
    expect(Buffer.from(pdf).toString("latin1")).toContain("/MediaBox [0 0 595.28 841.89]");
    expect(text).toContain("Tumour-board decision support");
    expect(text).toContain("Patient SYN-C01-0042 · cohort 2L · generated 2025-03-03 08:30 UTC");
    for (const [model, probability] of [
      ["cr-day90 v2", "42%"],
      ["pfs-12m v2", "38%"],
      ["crs-grade3 v2", "7%"],
      ["icans-grade3 v2", "12%"],
    ]) {
      expect(text, model).toContain(`Model ${model} (boosted-trees)`);
      expect(lines, model).toContain(probability);
    }
    expect(text).toContain("Complete metabolic response at day +90");
    expect(text).toContain("ASTCT CRS grade >= 3 in days 0–30");
  });

  it("shows uncertainty, provenance, reasons, missing inputs and what-if values", async () => {
    const { text } = await render();
    expect(text).toContain("95% bootstrap interval 35%–50% (50 refits)");
    expect(text).toContain("90% conformal set: both outcomes");
    expect(text).toContain("90% conformal set: no event (see note below)");
    expect(text).toContain(
      "Note on the conformal set (cr-day90, pfs-12m, crs-grade3, icans-grade3): this patient's outcome was used to fit the split model",
    );
    expect(text).toContain("AUC 0.76 (95% CI 0.73–0.80), calibration slope 0.91");
    expect(text).toContain("Not validated: no validation run for this model version.");
    expect(text).toContain(
      "LDH 512 U/L lowered the probability of complete metabolic response at day +90 by 9",
    );
    expect(text).toContain("ctDNA: 31%–55%");
    expect(text).toContain("Metabolic tumour volume: recorded 145 mL, used 60 mL");
  });

  it("carries the synthetic banner, the intended use and the disclaimer", async () => {
    const { text } = await render();
    expect(text).toContain("SYNTHETIC PATIENT");
    expect(text).toContain("Intended use: cr-day90: Estimate, at CAR-T infusion");
    expect(text).toContain("Not a substitute for clinical judgement. Research use only.");
    const real = await render(
      decisionInput({ patientId: "C01-0042", predictions: [prediction({ patient_id: "C01-0042" })] }),
    );
    expect(real.text).not.toContain("SYNTHETIC");
    expect(real.text).toContain(
      "Intended use: Estimate, at CAR-T infusion, the probability of complete metabolic",
    );
  });

  it("gives the same bytes for the same input", async () => {
    const [a, b] = [await decisionReportPdf(decisionInput()), await decisionReportPdf(decisionInput())];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).toString("latin1")).toContain("(D:20250303083000Z)");
  });

  it("stays on one page when the content is long", async () => {
    const long = prediction();
    const many = Array.from({ length: 7 }, (_, i) => ({
      ...long,
      model: { ...long.model, name: `model-${i + 1}` },
      missing_inputs: Array.from({ length: 9 }, (_, j) => ({
        ...long.missing_inputs[0]!,
        feature: `assay_${j}`,
      })),
      what_if: Array.from({ length: 8 }, (_, j) => ({ feature: `assay_${j}`, recorded: null, used: j })),
    }));
    const { pdf, text } = await render(decisionInput({ predictions: many }));
    expect(pdfPageCount(pdf)).toBe(1);
    expect(text).toContain("Not a substitute for clinical judgement. Research use only.");
    // Lists are shortened and say so; blocks that cannot fit are named, not dropped silently.
    expect(text).toMatch(/and \d+ more/);
    const shown = many.filter((p) => text.includes(`Model ${p.model.name} v2`)).length;
    const named = many.filter((p) => text.includes(`${p.model.name}: did not fit on one page`)).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown + named).toBe(many.length);
  });

  it("renders a prediction stored before reasons, what-if and validation were added", async () => {
    const { reasons: _r, what_if: _w, ...older } = prediction();
    const { intended_use: _u, validation: _v, ...model } = older.model;
    const { text, pdf } = await render(
      decisionInput({
        predictions: [{ ...older, model }],
        unavailable: [{ model: "pfs-12m", error: "patient misses mtv_ml" }],
      }),
    );
    expect(pdfPageCount(pdf)).toBe(1);
    expect(text).toContain("Largest contributions (SHAP, log-odds)");
    expect(text).toContain("LDH 512 U/L lowered the log-odds by 0.38 (SHAP)");
    expect(text).toContain("Not validated");
    expect(text).toContain("pfs-12m: patient misses mtv_ml");
    expect(text).toContain(
      "Intended use: estimate of the probability of complete metabolic response at day +90 at CAR-T infusion (day 0)",
    );
  });

  it("names a Cox model's SHAP scale and reads its conformal set at the horizon", async () => {
    const { reasons: _r, ...base } = prediction();
    const cox = {
      ...base,
      model: {
        ...base.model,
        name: "pfs-cox",
        kind: "elastic-net-cox",
        endpoint: "pfs",
        event: "progression or death within 12 months of the landmark",
        horizon_months: 12,
        margin_scale: "log relative hazard" as const,
        validation: {
          ...base.model.validation!,
          c_index: { estimate: 0.6537, lower: 0.6279, upper: 0.6796 },
          horizon_months: 12,
        },
      },
      conformal_set: [1 as const],
    };
    const { text } = await render(decisionInput({ predictions: [cox] }));
    expect(text).toContain("Risk by 12 months from the landmark (Cox model");
    expect(text).toContain("Largest contributions (SHAP, log relative hazard)");
    expect(text).toContain("LDH 512 U/L lowered the log relative hazard by 0.38 (SHAP)");
    expect(text).toContain("90% conformal set: the event by 12 months");
    expect(text).toContain(
      "C-index 0.65 (95% CI 0.63–0.68), time-dependent AUC at 12 months 0.76 (95% CI 0.73–0.80), calibration slope 0.91",
    );
  });
});
