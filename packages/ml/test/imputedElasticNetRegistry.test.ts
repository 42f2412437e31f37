import { SeededRandom } from "@carta/stats";
import { describe, expect, it } from "vitest";
import {
  deserializeImputedElasticNet,
  ebmContributions,
  ebmLearner,
  elasticNetLearner,
  everyRow,
  featureImportance,
  IMPUTED_ELASTIC_NET_FORMAT,
  type ImputedElasticNetJson,
  ImputedElasticNetModelError,
  imputedElasticNetDesigns,
  imputedElasticNetExplainer,
  imputedElasticNetLearner,
  imputedElasticNetMargins,
  type LearningTable,
  ModelSpecError,
  readModelSpec,
  serializeImputedElasticNet,
} from "../src/index.js";
import { range, syntheticCohort } from "./synthetic.js";

/**
 * The synthetic cohort (x1, x2, noise1, noise2, flag, group) with values missing in a numeric, the
 * binary and the categorical column, so that all three kinds of imputation model are stored.
 */
function incompleteCohort(n: number, seed: number) {
  const cohort = syntheticCohort(n, seed, { missingX1: 0.25 });
  const rng = new SeededRandom(seed + 1000);
  const rows = cohort.table.rows.map((row) => {
    const out = [...row];
    if (rng.uniform() < 0.15) out[4] = null;
    if (rng.uniform() < 0.15) out[5] = null;
    return out;
  });
  return { table: { columns: cohort.table.columns, rows } as LearningTable, outcome: cohort.outcome };
}

const PARAMS = { lambda: 0.01, alpha: 0.5, imputations: 3, iterations: 4, seed: 11 };
const cohort = incompleteCohort(260, 3);
const train = range(0, 200);
const test = range(200, 260);
const model = imputedElasticNetLearner.fit(cohort.table, cohort.outcome, train, PARAMS);
const stored = () => JSON.parse(JSON.stringify(serializeImputedElasticNet(model))) as ImputedElasticNetJson;

describe("imputed elastic net: pooling on the log-odds scale", () => {
  it("gives logistic(mean of the m fits' margins) for a row with missing inputs", () => {
    const designs = imputedElasticNetDesigns(model, cohort.table, test);
    const p = model.encoding.names.length;
    const probability = imputedElasticNetLearner.predictProbability(model, cohort.table, test);
    const margins = imputedElasticNetMargins(model, cohort.table, test);
    let rowsWithMissing = 0;
    test.forEach((row, i) => {
      if (cohort.table.rows[row]!.some((v) => v === null)) rowsWithMissing++;
      const perFit = model.fits.map((fit, l) => {
        let eta = fit.intercept;
        for (let j = 0; j < p; j++) eta += fit.coefficients[j]! * designs[l]![i * p + j]!;
        return eta;
      });
      const mean = perFit.reduce((a, b) => a + b, 0) / perFit.length;
      expect(margins[i]).toBeCloseTo(mean, 12);
      expect(probability[i]).toBeCloseTo(1 / (1 + Math.exp(-mean)), 14);
    });
    expect(rowsWithMissing).toBeGreaterThan(10);
    // The imputations differ, so the m designs do for the rows with missing values.
    expect(designs[0]).not.toEqual(designs[1]);
  });
});

describe("imputed elastic net: the stored form", () => {
  it("stores the three kinds of imputation model and no training data set", () => {
    const json = stored();
    expect(json.format).toBe(IMPUTED_ELASTIC_NET_FORMAT);
    expect(new Set(json.imputer.models[0]!.map((m) => m.kind))).toEqual(
      new Set(["pmm", "logreg", "polytomous"]),
    );
    expect(json.imputer).not.toHaveProperty("completed");
    expect(json.fits).toHaveLength(3);
    expect(json.fits[0]!.coefficients).toHaveLength(model.encoding.names.length);
  });

  it("reads back to identical predictions, from the object or from its JSON text", () => {
    const expected = imputedElasticNetMargins(model, cohort.table, test);
    const back = deserializeImputedElasticNet(stored());
    expect(imputedElasticNetMargins(back, cohort.table, test)).toEqual(expected);
    const fromText = deserializeImputedElasticNet(JSON.stringify(serializeImputedElasticNet(model)));
    expect(imputedElasticNetMargins(fromText, cohort.table, range(0, 260))).toEqual(
      imputedElasticNetMargins(model, cohort.table, range(0, 260)),
    );
    // And it serializes to the same document again.
    expect(serializeImputedElasticNet(back)).toEqual(stored());
  });

  it("refuses damaged documents, naming the field", () => {
    const refused = (
      edit: (json: ImputedElasticNetJson & Record<string, unknown>) => void,
      field: string,
    ) => {
      const json = stored() as ImputedElasticNetJson & Record<string, unknown>;
      edit(json);
      let error: unknown;
      try {
        deserializeImputedElasticNet(json);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ImputedElasticNetModelError);
      expect((error as ImputedElasticNetModelError).field).toBe(field);
    };
    refused((j) => {
      j.format = "carta.tree-model" as typeof IMPUTED_ELASTIC_NET_FORMAT;
    }, "format");
    refused((j) => {
      j.extra = 1;
    }, "extra");
    refused((j) => {
      j.fits[1]!.coefficients.pop();
    }, "fits[1].coefficients");
    refused((j) => {
      j.fits.pop();
    }, "fits");
    refused((j) => {
      j.fits[0]!.intercept = null as unknown as number;
    }, "fits[0].intercept");
    const numeric = stored().imputer.models[0]!.findIndex((m) => m.kind === "pmm");
    refused((j) => {
      j.imputer.models[0]![numeric] = { kind: "logreg", drawnCoefficients: [0] };
    }, `imputer.models[0][${numeric}].kind`);
    refused((j) => {
      const pmm = j.imputer.models[2]![numeric] as { donorPredictions: number[] };
      pmm.donorPredictions.reverse();
    }, `imputer.models[2][${numeric}].donorPredictions[1]`);
    refused((j) => {
      j.imputer.predictors[0]![0]!.column = 0;
    }, "imputer.predictors[0][0].column");
    refused((j) => {
      j.imputedFeatures[0] = 99;
    }, "imputedFeatures[0]");
    refused((j) => {
      j.encoding.columns[0]!.name = "ldh";
    }, "encoding.columns[0].name");
    expect(() => deserializeImputedElasticNet("{")).toThrow(/not JSON/);
  });
});

describe("imputed elastic net: explanations", () => {
  it("linear SHAP averaged over the imputations adds up to the pooled margin exactly", () => {
    const explainer = imputedElasticNetExplainer(model, cohort.table, train);
    const shap = explainer.explain(cohort.table, test);
    const margins = imputedElasticNetMargins(model, cohort.table, test);
    const p = model.encoding.names.length;
    for (let i = 0; i < test.length; i++) {
      let total = explainer.baseMargin;
      for (let j = 0; j < p; j++) total += shap[i * p + j]!;
      expect(total).toBeCloseTo(margins[i]!, 12);
    }
    // Over the background rows themselves the SHAP values of a column average to zero.
    const own = explainer.explain(cohort.table, train);
    for (let j = 0; j < p; j++) {
      let sum = 0;
      for (let i = 0; i < train.length; i++) sum += own[i * p + j]!;
      expect(Math.abs(sum / train.length)).toBeLessThan(1e-12);
    }
  });

  it("with complete data is the plain elastic net's linear SHAP", () => {
    const complete = syntheticCohort(300, 9);
    const rows = everyRow(300);
    const params = { lambda: 0.01, alpha: 0.5 };
    const imputed = imputedElasticNetLearner.fit(complete.table, complete.outcome, rows, params);
    const plain = elasticNetLearner.fit(complete.table, complete.outcome, rows, params);
    const explainer = imputedElasticNetExplainer(imputed, complete.table, rows);
    const shap = explainer.explain(complete.table, Uint32Array.of(7));
    const p = plain.encoding.names.length;
    const design = imputedElasticNetDesigns(imputed, complete.table, rows)[0]!;
    for (let j = 0; j < p; j++) {
      let mean = 0;
      for (let i = 0; i < 300; i++) mean += design[i * p + j]! / 300;
      expect(shap[j]).toBeCloseTo(plain.coefficients[j]! * (design[7 * p + j]! - mean), 9);
    }
  });
});

describe("model specs of the imputed elastic net", () => {
  const base = {
    format: "carta.model-spec",
    version: 1,
    name: "cr90-imputed",
    endpoint: "cr_day90",
    landmark: "infusion",
  };

  it("reads the grid, leaving unset defaults to the learner", () => {
    const spec = readModelSpec({
      ...base,
      learner: {
        kind: "imputed-elastic-net-logistic",
        grid: [
          { lambda: 0.01, alpha: 0.5 },
          { lambda: 0.02, alpha: 1, imputations: 20, iterations: 5, seed: 3 },
        ],
      },
    });
    expect(spec.learner).toEqual({
      kind: "imputed-elastic-net-logistic",
      grid: [
        { lambda: 0.01, alpha: 0.5 },
        { lambda: 0.02, alpha: 1, imputations: 20, iterations: 5, seed: 3 },
      ],
    });
  });

  it("refuses bad entries naming each field", () => {
    let error: ModelSpecError | undefined;
    try {
      readModelSpec(
        {
          ...base,
          learner: {
            kind: "imputed-elastic-net-logistic",
            grid: [{ alpha: 2, imputations: 1, iterations: 0.5, seed: -1, rounds: 10 }],
          },
        },
        "spec.json",
      );
    } catch (e) {
      error = e as ModelSpecError;
    }
    expect(error).toBeInstanceOf(ModelSpecError);
    expect(error!.errors).toEqual([
      'spec.json: unknown field "learner.grid[0].rounds"',
      "spec.json: learner.grid[0].lambda is required for imputed-elastic-net-logistic",
      "spec.json: learner.grid[0].alpha must be a number in [0, 1], got 2",
      "spec.json: learner.grid[0].imputations must be an integer in [2, 100], got 1",
      "spec.json: learner.grid[0].iterations must be an integer in [1, 100], got 0.5",
      "spec.json: learner.grid[0].seed must be an integer in [0, 4294967295], got -1",
    ]);
    expect(() => readModelSpec({ ...base, learner: { kind: "random-forest", grid: [{}] } })).toThrow(
      'learner.kind must be one of boosted-trees, elastic-net-logistic, ebm, imputed-elastic-net-logistic, elastic-net-cox, boosted-trees-cox, imputed-elastic-net-cox, got "random-forest"',
    );
  });
});

describe("predictor stability: importance of the imputed elastic net and the EBM", () => {
  it("imputed elastic net: |mean standardised coefficient| over the imputations", () => {
    const imp = featureImportance(model, cohort.table, train)!;
    const j = model.encoding.names.indexOf("x1");
    const pooled = model.fits.reduce((s, fit) => s + fit.standardizedCoefficients[j]!, 0) / model.fits.length;
    expect(imp.importance[0]).toBeCloseTo(Math.abs(pooled), 14);
    expect(imp.selected[0]).toBe(1);
  });

  it("EBM: mean |feature contribution| over the refit's rows; selected when a term moves", () => {
    const complete = syntheticCohort(240, 5);
    const rows = everyRow(240);
    const ebm = ebmLearner.fit(complete.table, complete.outcome, rows, {
      interactions: 2,
      cycles: 60,
      seed: 4,
    });
    const imp = featureImportance(ebm, complete.table, rows, 50)!;
    expect(imp.measure).toMatch(/EBM contribution/);
    const sampled = Array.from({ length: 50 }, (_, k) => rows[Math.floor((k * 240) / 50)]!);
    complete.table.columns.forEach((_, f) => {
      const expected =
        sampled.reduce(
          (s, row) =>
            s + Math.abs(ebmContributions(ebm, complete.table.rows[row]!).features[f]!.contribution),
          0,
        ) / 50;
      expect(imp.importance[f]).toBeCloseTo(expected, 12);
    });
    // The strong predictors outrank the noise.
    expect(imp.importance[0]).toBeGreaterThan(imp.importance[2]!);
    expect(imp.selected[0]).toBe(1);
    expect(imp.selected[1]).toBe(1);
  });
});
