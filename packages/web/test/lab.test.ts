import { describe, expect, it } from "vitest";
import { reasonSentence } from "../src/decision/predictionText.js";
import { beeswarmRows, rankColor, valueRanks } from "../src/lab/beeswarm.js";
import { featureLabeller } from "../src/lab/featureNames.js";
import type { DemoTrainingModel } from "../src/lab/labApiTypes.js";
import {
  asSentence,
  formatEstimate,
  formatFeatureValue,
  formatPoints,
  formatProbability,
  formatProbabilityRange,
  formatPValue,
  formatWithCi,
  gridEntryText,
} from "../src/lab/labFormat.js";
import { decisionReportPdfPath, modelApiPath, patientPredictionsApiPath } from "../src/lab/labPaths.js";
import {
  complementOf,
  conformalSetText,
  demoModelTitle,
  outcomeText,
  outcomeWords,
} from "../src/lab/outcomes.js";
import { progressPercent, stageText, trainingSummary } from "../src/lab/trainingStatus.js";
import { interactionVerdict, isEffectModifier, predictorLabel, transportOf } from "../src/lab/transport.js";
import { logistic, modalityPoints, waterfallSteps } from "../src/lab/waterfall.js";
import {
  byInfluence,
  dictionaryVariableOf,
  parseInput,
  whatIfFields,
  whatIfForModel,
  whatIfFromKey,
  whatIfKey,
  whatIfOverrides,
} from "../src/lab/whatIf.js";
import { locoForestRows, locoGroupLabel, transportForestRows } from "../src/modelLab/forestRows.js";
import {
  explanationFeatures,
  predictionFixture,
  transportFixture,
  validationFixture,
  variableFixture,
} from "./labFixtures.js";

describe("probability and estimate formatting", () => {
  it("writes probabilities as whole percentages, with a decimal only near 0 and 100", () => {
    expect(formatProbability(0.342)).toBe("34%");
    expect(formatProbability(0.005)).toBe("0.5%");
    expect(formatProbability(0.0004)).toBe("<0.1%");
    expect(formatProbability(0.996)).toBe("99.6%");
    expect(formatProbability(0)).toBe("0%");
    expect(formatProbability(1)).toBe("100%");
    expect(formatProbability(Number.NaN)).toBe("—");
    expect(formatProbabilityRange(0.22, 0.471)).toBe("22–47%");
  });

  it("signs percentage points with a real minus and says point in the singular", () => {
    expect(formatPoints(9.4)).toBe("+9 points");
    expect(formatPoints(-3.2)).toBe("−3 points");
    expect(formatPoints(0.44)).toBe("+0.4 points");
    expect(formatPoints(-1.2)).toBe("−1 point");
    expect(formatPoints(0.01)).toBe("0 points");
  });

  it("writes estimates to two decimals, CIs with or without a level, p-values to two significant digits", () => {
    expect(formatEstimate(-0.041)).toBe("−0.04");
    expect(formatEstimate(-0.001)).toBe("0.00");
    expect(formatEstimate(null, "not estimable")).toBe("not estimable");
    expect(formatWithCi(0.7234, 0.65, 0.791)).toBe("0.72 (95% CI 0.65–0.79)");
    expect(formatWithCi(0.7234, 0.65, 0.791, "")).toBe("0.72 (0.65–0.79)");
    expect(formatPValue(0.0004)).toBe("<0.001");
    expect(formatPValue(0.0342)).toBe("0.034");
    expect(formatPValue(0.412)).toBe("0.41");
    expect(formatPValue(0.999)).toBe("1.00");
  });

  it("writes feature values in clinical words", () => {
    expect(formatFeatureValue(512, { unit: "U/L" })).toBe("512 U/L");
    expect(formatFeatureValue(1, { type: "binary" })).toBe("yes");
    expect(formatFeatureValue(0, { type: "binary" })).toBe("no");
    expect(formatFeatureValue("PMR", { codeLabel: (c) => `label of ${c}` })).toBe("label of PMR");
    expect(formatFeatureValue(null)).toBe("missing");
  });

  it("turns a server's method note into a sentence without doubling its full stop", () => {
    expect(asSentence("the joint model could not be fitted")).toBe("The joint model could not be fitted.");
    expect(asSentence("Already a sentence.")).toBe("Already a sentence.");
    expect(asSentence("")).toBe("");
  });

  it("says a reason in clinical words, naming a coded value by its label", () => {
    const reason = {
      feature: "product",
      label: "CAR-T product",
      value: "liso_cel",
      unit: null,
      points: -3.4,
      text: "",
    };
    expect(reasonSentence(reason, "Lisocabtagene maraleucel", "complete response")).toBe(
      "CAR-T product: Lisocabtagene maraleucel lowered the probability of complete response by 3 points",
    );
    const ldh = { ...reason, label: "LDH", value: 512, unit: "U/L", points: 0.3 };
    expect(reasonSentence(ldh, "512 U/L", "progression")).toBe(
      "LDH 512 U/L raised the probability of progression by less than 1 point",
    );
  });

  it("describes a grid entry by its hyperparameters", () => {
    const learner = {
      kind: "boosted-trees" as const,
      grid: [{ rounds: 100, maxDepth: 3, learningRate: 0.05 }],
    };
    expect(gridEntryText(learner, 0)).toBe("100 rounds · depth 3 · learning rate 0.05");
    expect(gridEntryText({ kind: "elastic-net-logistic", grid: [{ lambda: 0.01, alpha: 0.5 }] }, 0)).toBe(
      "λ 0.01 · α 0.5",
    );
  });
});

describe("lab API paths", () => {
  it("encodes names and ids and carries the what-if overrides only when there are any", () => {
    expect(modelApiPath("cr day90", 2)).toBe("/api/lab/models/cr%20day90?version=2");
    expect(patientPredictionsApiPath("BO/1")).toBe("/api/patients/BO%2F1/predictions");
    expect(decisionReportPdfPath("P1")).toBe("/api/patients/P1/decision-report.pdf");
    const path = decisionReportPdfPath("P1", { ldh_u_per_l: 250, mtv_ml: null });
    const query = new URLSearchParams(path.slice(path.indexOf("?")));
    expect(JSON.parse(query.get("whatIf")!)).toEqual({ ldh_u_per_l: 250, mtv_ml: null });
  });
});

describe("outcome words", () => {
  const pfs = outcomeWords("pfs_event_by_12m", "progression or death within 12 months of the landmark");

  it("says progression-free survival from the patient's side as well", () => {
    expect(pfs.complement?.title).toBe("Progression-free at 12 months");
    expect(complementOf({ probability: 0.3, lower: 0.2, upper: 0.45 })).toEqual({
      probability: 0.7,
      lower: 0.55,
      upper: 0.8,
    });
  });

  it("titles a demo model by its endpoint before any prediction arrives", () => {
    expect(demoModelTitle("crs-grade3")).toBe("Grade ≥ 3 CRS");
    expect(demoModelTitle("pfs-12m")).toBe("Progression or death by 12 months");
    expect(demoModelTitle("my-model")).toBe("my-model");
  });

  it("describes an unknown endpoint by the API's event text", () => {
    const words = outcomeWords("os_by_24m", "death within 24 months");
    expect(words.title).toBe("Death within 24 months");
    expect(words.noEvent).toBe("not death within 24 months");
  });

  it("says each conformal set in words", () => {
    const cr = outcomeWords("cr_day90", "");
    expect(conformalSetText([1], 0.9, cr)).toBe(
      "At 90% coverage the only outcome compatible with this patient is complete metabolic response at day +90.",
    );
    expect(conformalSetText([0], 0.9, cr)).toMatch(/only outcome .* no complete response/);
    expect(conformalSetText([0, 1], 0.9, cr)).toMatch(/cannot tell/);
    expect(conformalSetText([], 0.8, cr)).toMatch(/^At 80% coverage neither outcome looks typical/);
    expect(outcomeText(1, pfs)).toBe(pfs.event);
    expect(outcomeText(0, pfs)).toBe("alive and progression-free at 12 months");
  });
});

describe("waterfallSteps", () => {
  const steps = waterfallSteps(predictionFixture, predictionFixture.reasons ?? []);

  it("starts at the base probability, steps through the reasons and ends at the patient's probability", () => {
    expect(steps[0]!.kind).toBe("base");
    expect(steps[0]!.end).toBeCloseTo(logistic(predictionFixture.base_margin) * 100, 10);
    const last = steps[steps.length - 1]!;
    expect(last.kind).toBe("total");
    expect(last.end).toBeCloseTo(predictionFixture.probability * 100, 10);
    for (let i = 1; i < steps.length - 1; i++) expect(steps[i]!.start).toBeCloseTo(steps[i - 1]!.end, 10);
  });

  it("needs no 'other inputs' step when the reasons explain every contribution", () => {
    // The fixture's reasons are all its non-zero contributions, so they reach the probability exactly.
    expect(steps.map((s) => s.kind)).toEqual(["base", "reason", "reason", "reason", "reason", "total"]);
  });

  it("adds one 'all other inputs' step for what the five reasons leave out", () => {
    const two = waterfallSteps(predictionFixture, (predictionFixture.reasons ?? []).slice(0, 2));
    const rest = two.find((s) => s.kind === "rest");
    expect(rest).toBeDefined();
    expect(rest!.end).toBeCloseTo(predictionFixture.probability * 100, 10);
    expect(rest!.points).toBeCloseTo(rest!.end - rest!.start, 10);
  });

  it("puts modality contributions on the probability scale in the same order, adding up to p − base", () => {
    const points = modalityPoints(predictionFixture.base_margin, predictionFixture.modalities);
    expect(points.map((m) => m.modality)).toEqual(["clinical", "ctdna"]);
    const total = points.reduce((a, m) => a + m.points, 0);
    expect(total).toBeCloseTo((logistic(-0.5 + 0.55) - logistic(-0.5)) * 100, 10);
    expect(points[0]!.points).toBeCloseTo((logistic(-0.1) - logistic(-0.5)) * 100, 10);
  });
});

describe("what-if inputs", () => {
  const fields = whatIfFields([predictionFixture], variableFixture);
  const field = (feature: string) => fields.find((f) => f.feature === feature)!;

  it("types each input from the dictionary: numbers with unit and range, codes and yes/no as choices", () => {
    expect(field("ldh_u_per_l")).toMatchObject({
      type: "numeric",
      unit: "U/L",
      range: { min: 80, max: 10000 },
    });
    expect(field("bridging_response").type).toBe("categorical");
    expect(field("bridging_response").options.map((o) => o.value)).toEqual(["", "CMR", "PMR"]);
    expect(field("bridging_response").options[1]!.label).toBe("Complete metabolic response");
    expect(field("bulky_disease").options.map((o) => o.label)).toEqual(["— missing —", "yes", "no"]);
    expect(field("ldh_u_per_l").models).toEqual(["pfs-12m"]);
  });

  it("finds the variable behind a column read at an earlier visit", () => {
    expect(dictionaryVariableOf("ctdna_log10_hge_per_ml_at_apheresis", variableFixture)?.id).toBe(
      "ctdna_log10_hge_per_ml",
    );
    expect(dictionaryVariableOf("unknown_at_d7", variableFixture)).toBeNull();
    const label = featureLabeller(null, variableFixture, (tp) => (tp === "apheresis" ? "Leukapheresis" : tp));
    expect(label("ctdna_log10_hge_per_ml_at_apheresis")).toBe("ctDNA (at Leukapheresis)");
    expect(label("ldh_u_per_l")).toBe("Lactate dehydrogenase");
    expect(label("ipi_points")).toBe("ipi_points");
  });

  it("reads numbers with a decimal comma and refuses text and values outside the plausible range", () => {
    expect(parseInput(field("ldh_u_per_l"), " 250,5 ")).toEqual({ ok: true, value: 250.5 });
    expect(parseInput(field("ldh_u_per_l"), "")).toEqual({ ok: true, value: null });
    expect(parseInput(field("ldh_u_per_l"), "12abc")).toEqual({
      ok: false,
      message: '"12abc" is not a number',
    });
    expect(parseInput(field("ldh_u_per_l"), "20")).toEqual({
      ok: false,
      message: "outside the plausible range 80–10000 U/L",
    });
    expect(parseInput(field("bulky_disease"), "1")).toEqual({ ok: true, value: 1 });
    expect(parseInput(field("bridging_response"), "XYZ").ok).toBe(false);
  });

  it("sends only values that differ from the recorded ones, and each model only its own features", () => {
    const state = whatIfOverrides(fields, {
      ldh_u_per_l: "250",
      bridging_response: "PMR", // the recorded value: no override
      mtv_ml: "", // recorded missing, still missing
      ecog_ps: "x",
    });
    expect(state.whatIf).toEqual({ ldh_u_per_l: 250 });
    expect(Object.keys(state.errors)).toEqual(["ecog_ps"]);
    expect(whatIfForModel({ ldh_u_per_l: 250, crp: 3 }, ["ldh_u_per_l", "mtv_ml"])).toEqual({
      ldh_u_per_l: 250,
    });
    const key = whatIfKey({ b: 1, a: null });
    expect(key).toBe(whatIfKey({ a: null, b: 1 }));
    expect(whatIfFromKey(key)).toEqual({ a: null, b: 1 });
  });

  it("orders inputs by the largest contribution any model gives them", () => {
    expect(byInfluence(fields, [predictionFixture]).map((f) => f.feature)).toEqual([
      "ldh_u_per_l",
      "bridging_response",
      "mtv_ml",
      "ecog_ps",
      "bulky_disease",
    ]);
  });
});

describe("demo training status", () => {
  const model = (
    stage: DemoTrainingModel["stage"],
    progress: number,
    extra: Partial<DemoTrainingModel> = {},
  ) => ({ name: "cr-day90", stage, progress, message: "", error: null, ...extra }) as DemoTrainingModel;

  it("clamps progress and shows a ready model as complete", () => {
    expect(progressPercent(model("training", 0.456))).toBe(46);
    expect(progressPercent(model("validating", 1.7))).toBe(100);
    expect(progressPercent(model("ready", 0.2))).toBe(100);
    expect(progressPercent(model("queued", Number.NaN))).toBe(0);
  });

  it("says the stage in words with the server's message, and the error of a failed model", () => {
    expect(stageText(model("validating", 0.3, { message: "bootstrap optimism: 200 replicates" }))).toBe(
      "validating: nested cross-validation, bootstrap optimism, leave-one-centre-out — bootstrap optimism: 200 replicates",
    );
    expect(stageText(model("failed", 0.3, { error: "out of memory" }))).toBe("failed: out of memory");
  });

  it("tells the reader the page follows the training by itself", () => {
    const text = trainingSummary({ state: "running", models: [model("ready", 1), model("training", 0.1)] });
    expect(text).toMatch(/1 of 2 ready/);
    expect(text).toMatch(/updates by itself/);
  });
});

describe("transport helpers", () => {
  it("highlights the §D.6 effect modifiers, also when read at another visit", () => {
    expect(isEffectModifier("mtv_ml")).toBe(true);
    expect(isEffectModifier("product_naive_like_cd8_pct")).toBe(true);
    expect(isEffectModifier("mtv_ml_at_decision")).toBe(true);
    expect(isEffectModifier("ldh_u_per_l")).toBe(false);
  });

  it("labels a level of a coded predictor", () => {
    expect(
      predictorLabel(
        "product=liso_cel",
        (f) => (f === "product" ? "CAR-T product" : f),
        (_f, c) => (c === "liso_cel" ? "Lisocabtagene maraleucel" : c),
      ),
    ).toBe("CAR-T product = Lisocabtagene maraleucel");
  });

  it("does not overclaim either way about an interaction test", () => {
    const [mtv, product] = transportFixture.predictors;
    expect(interactionVerdict(mtv!, 2, 110)).toMatch(
      /does not reach significance \(p = 0\.21\).*110 complete 2L rows/,
    );
    expect(interactionVerdict(product!, 2, 110)).toMatch(
      /reaches significance \(p = 0\.004\), also after Bonferroni/,
    );
    expect(interactionVerdict({ ...product!, interaction_p: 0.03 }, 4, 110)).toMatch(
      /suggestive, not conclusive/,
    );
  });

  it("takes the transport analysis from a transport run, else from the validation run", () => {
    const validation = {
      id: "v1",
      createdAt: "t",
      result: { ...validationFixture, transport: transportFixture },
    };
    expect(transportOf({ transport: null, validation })?.source).toBe("validation run");
    expect(
      transportOf({ transport: { id: "t1", createdAt: "t", result: transportFixture }, validation })?.runId,
    ).toBe("t1");
    expect(transportOf({ transport: null, validation: null })).toBeNull();
  });
});

describe("forest rows", () => {
  it("names the pooled small centres, marks a centre without an AUC and ends with the pooled diamond", () => {
    const rows = locoForestRows(validationFixture.loco!);
    expect(rows.map((r) => r.label)).toEqual([
      "C01",
      "Small centres, pooled (C05, C07)",
      "C03 (not estimable)",
      "Pooled (random effects)",
    ]);
    expect(rows[2]!.values[0]).toBeNull();
    const pooled = rows[3]!.values[0]!;
    expect(pooled.shape).toBe("diamond");
    expect(pooled.prediction).toEqual({ lower: 0.55, upper: 0.83 });
    expect(pooled.tooltip).toMatch(/I² 23%/);
  });

  it("counts rather than lists many pooled small centres in the chart, keeping the full list for the table", () => {
    const group = { ...validationFixture.loco!.groups[1]!, centers: ["C05", "C07", "C09", "C12"] };
    expect(locoGroupLabel(group, false)).toBe("Small centres, pooled (4 centres)");
    expect(locoGroupLabel(group)).toBe("Small centres, pooled (C05, C07, C09, C12)");
  });

  it("shows transport effects as odds ratios for both cohorts, effect modifiers highlighted", () => {
    const rows = transportForestRows(transportFixture.predictors, (n) => n);
    expect(rows[0]!.highlight).toBe(true);
    expect(rows[1]!.highlight).toBe(false);
    expect(rows[0]!.values[0]!.estimate).toBeCloseTo(Math.exp(0.9), 12);
    expect(rows[0]!.values[1]!.lower).toBeCloseTo(Math.exp(-0.1), 12);
    expect(rows[0]!.values[1]!.tooltip).toMatch(/^mtv_ml\n2L: OR 1\.65/);
  });
});

describe("beeswarm layout", () => {
  it("ranks values with ties sharing their mean rank and missing values unranked", () => {
    expect(valueRanks([200, 900, 450, null, 450])).toEqual([0, 1, 0.5, null, 0.5]);
    expect(valueRanks(["PMR", "CMR"], ["CMR", "PMR"])).toEqual([1, 0]);
    expect(valueRanks([3, 3])).toEqual([0.5, 0.5]);
  });

  it("orders rows by mean |SHAP|, keeps the top ones and spreads equal values off the centre line", () => {
    const rows = beeswarmRows(explanationFeatures, 2);
    expect(rows.map((r) => r.feature)).toEqual(["ldh_u_per_l", "bridging_response"]);
    const ldh = rows[0]!.points;
    // The two patients at 450 U/L have the same SHAP: one stays on the line, the other moves off it.
    expect(ldh[2]!.offset).toBe(0);
    expect(Math.abs(ldh[4]!.offset)).toBeGreaterThan(0);
    for (const row of rows) for (const p of row.points) expect(Math.abs(p.offset)).toBeLessThanOrEqual(0.42);
  });

  it("colours low values blue, high values red and missing values grey", () => {
    expect(rankColor(0)).toBe("rgb(11, 107, 176)");
    expect(rankColor(1)).toBe("rgb(200, 40, 60)");
    expect(rankColor(null)).toBe("#9a9a9a");
  });
});
