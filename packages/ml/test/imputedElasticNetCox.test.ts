import { SeededRandom } from "@carta/stats";
import { describe, expect, it } from "vitest";
import {
  baselineCumulativeHazardAt,
  breslowBaseline,
  deserializeImputedElasticNet,
  designMatrix,
  elasticNetCoxLearner,
  featureImportance,
  type ImputedElasticNetJson,
  ImputedElasticNetModelError,
  imputedElasticNetExplainer,
  imputedElasticNetLearner,
  imputedElasticNetMargins,
  type LearningTable,
  pooledCoefficients,
  serializeImputedElasticNet,
} from "../src/index.js";
import {
  imputedElasticNetCoxLearner,
  imputedElasticNetCoxSurvival,
} from "../src/survival/imputedElasticNetCox.js";
import { range, syntheticCohort } from "./synthetic.js";

const NUMERIC = ["x1", "x2", "z", "n1", "n2", "n3"];
/** The planted log hazard ratios, in NUMERIC order: x1 and x2 act, z and the n's do not. */
const TRUTH = [0.8, -0.6, 0, 0, 0, 0];

/**
 * Exponential survival with hazard 0.1·exp(0.8·x1 − 0.6·x2), independent exponential censoring
 * (about 30 % censored). x1 and the inert n1 are correlated 0.8 with z, the auxiliary column that
 * predicts them; x2, n2, n3 are independent. Each column in `missing` loses values at random given
 * z (P = expit(−1.4 ± 1.5·z), about 27 %), so complete-case analysis is unbiased here and can only
 * lose precision. `withCategories` adds a binary and a three-level categorical column (drawn from a
 * separate stream, so the other columns do not change) with their own missing values.
 */
function coxCohort(
  n: number,
  seed: number,
  options: { missing?: readonly number[]; withCategories?: boolean } = {},
) {
  const { missing = [], withCategories = false } = options;
  const rng = new SeededRandom(seed);
  const extra = new SeededRandom(seed + 1000);
  const rows: (number | string | null)[][] = [];
  const time = new Float64Array(n);
  const event = new Float64Array(n);
  const rho = 0.8;
  const s = Math.sqrt(1 - rho * rho);
  for (let i = 0; i < n; i++) {
    const z = rng.normal();
    const x1 = rho * z + s * rng.normal();
    const x2 = rng.normal();
    const n1 = rho * z + s * rng.normal();
    const n2 = rng.normal();
    const n3 = rng.normal();
    const eventTime = -Math.log(rng.uniform()) / (0.1 * Math.exp(0.8 * x1 - 0.6 * x2));
    const censoring = -Math.log(rng.uniform()) / 0.04;
    time[i] = Math.min(eventTime, censoring);
    event[i] = eventTime <= censoring ? 1 : 0;
    const row: (number | string | null)[] = [x1, x2, z, n1, n2, n3];
    for (const j of missing) {
      const sign = j % 2 === 0 ? 1 : -1;
      if (rng.uniform() < 1 / (1 + Math.exp(-(-1.4 + sign * 1.5 * z)))) row[j] = null;
    }
    if (withCategories) {
      const flag = extra.bernoulli(0.35) ? 1 : 0;
      const group = ["a", "b", "c"][extra.integer(3)]!;
      row.push(extra.uniform() < 0.15 ? null : flag, extra.uniform() < 0.15 ? null : group);
    }
    rows.push(row);
  }
  const columns: LearningTable["columns"] = [
    ...NUMERIC.map((name) => ({ name, type: "numeric" as const })),
    ...(withCategories
      ? [
          { name: "flag", type: "binary" as const },
          { name: "group", type: "categorical" as const, levels: ["a", "b", "c"] },
        ]
      : []),
  ];
  return { table: { columns, rows } as LearningTable, time, event };
}

/** An array whose element reads are recorded (a table's rows, or a time or status vector). */
function recorded<T>(items: readonly T[]): { items: T[]; read: Set<number> } {
  const read = new Set<number>();
  const proxy = new Proxy(items as T[], {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) read.add(Number(key));
      return Reflect.get(target, key, receiver);
    },
  });
  return { items: proxy, read };
}

describe("imputed elastic-net Cox: complete data", () => {
  const { table, time, event } = coxCohort(300, 41, { withCategories: true });
  // withCategories has missing flag/group values; this cohort uses a copy with them filled in.
  const filled: LearningTable = {
    columns: table.columns,
    rows: table.rows.map((row) => row.map((v, j) => v ?? (j === 6 ? 0 : "a"))),
  };
  const train = range(0, 200);
  const test = range(200, 300);
  const params = { lambda: 0.01, alpha: 0.5 };
  const plain = elasticNetCoxLearner.fit(filled, time, event, train, params);
  const model = imputedElasticNetCoxLearner.fit(filled, time, event, train, { ...params, imputations: 3 });

  it("is elasticNetCoxLearner's model to the bit: m identical fits, linear predictor, S(τ | x)", () => {
    expect(model.kind).toBe("imputed-elastic-net-cox");
    expect(model.completeTraining).toBe(true);
    expect(model.fits).toHaveLength(3);
    for (const fit of model.fits) {
      expect(fit.intercept).toBe(0);
      expect(fit.coefficients).toEqual(plain.coefficients);
      expect(fit.standardizedCoefficients).toEqual(plain.standardizedCoefficients);
    }
    expect(plain.coefficients.some((b) => b !== 0)).toBe(true);
    const pooled = pooledCoefficients(model);
    expect(pooled.map((c) => c.term)).toEqual([...plain.encoding.names]);
    pooled.forEach((c, j) => {
      expect(c.estimate).toBe(plain.coefficients[j]!);
      expect(c.betweenVariance).toBe(0);
    });
    expect(model.baseline).toEqual(plain.baseline);
    for (const rows of [train, test]) {
      expect(imputedElasticNetCoxLearner.predictRisk(model, filled, rows)).toEqual(
        elasticNetCoxLearner.predictRisk(plain, filled, rows),
      );
      for (const horizon of [3, 12, 24]) {
        expect(imputedElasticNetCoxLearner.predictSurvival(model, filled, rows, horizon)).toEqual(
          elasticNetCoxLearner.predictSurvival(plain, filled, rows, horizon),
        );
      }
    }
  });

  it("imputes a new row's missing value, which the plain elastic-net Cox refuses", () => {
    const rows = range(200, 202);
    const withMissing: LearningTable = {
      columns: filled.columns,
      rows: filled.rows.map((row, i) => (i === 200 ? [null, ...row.slice(1)] : row)),
    };
    expect(() => elasticNetCoxLearner.predictRisk(plain, withMissing, rows)).toThrow(/missing/);
    const risk = imputedElasticNetCoxLearner.predictRisk(model, withMissing, rows);
    expect(risk.every(Number.isFinite)).toBe(true);
    expect(risk[1]).toBe(elasticNetCoxLearner.predictRisk(plain, filled, rows)[1]);
    expect(() => imputedElasticNetCoxLearner.predictSurvival(model, filled, rows, 0)).toThrow(/horizon/);
  });
});

describe("imputed elastic-net Cox: planted effects under MAR missingness", () => {
  it("recovers the planted signs and is closer to the truth than complete-case elastic-net Cox", () => {
    // x1, x2 (both acting) and n1, n2 each miss about 27 % of values, missing at random given z:
    // complete-case keeps about a quarter of the rows. The pooled coefficients of the imputed
    // predictors are attenuated — the outcome is left out of the imputation model (see
    // imputedElasticNetLearner) — but using all rows more than makes up for it here (measured over
    // these 8 replicates: summed squared error 0.26 against 0.73 for complete-case). Complete-case
    // is unbiased when missingness depends on covariates only, so with values missing in x1 alone
    // it keeps three quarters of the rows and comes out closer (measured with n = 300: 0.06 against 0.22).
    const params = { lambda: 0.005, alpha: 0.5, seed: 3 };
    const replicates = 8;
    const n = 200;
    let imputedError = 0;
    let completeCaseError = 0;
    let columnMissing = 0;
    for (let seed = 1; seed <= replicates; seed++) {
      const { table, time, event } = coxCohort(n, seed, { missing: [0, 1, 3, 4] });
      const train = range(0, n);
      for (const j of [0, 1, 3, 4])
        columnMissing += train.filter((i) => table.rows[i]![j] === null).length / n / 4 / replicates;
      const model = imputedElasticNetCoxLearner.fit(table, time, event, train, params);
      expect(model.completeTraining).toBe(false);
      const pooled = pooledCoefficients(model);
      expect(pooled.map((c) => c.term)).toEqual(NUMERIC);
      expect(pooled[0]!.estimate).toBeGreaterThan(0.2);
      expect(pooled[1]!.estimate).toBeLessThan(-0.2);
      expect(pooled[1]!.betweenVariance).toBeGreaterThan(0);
      const complete = train.filter((i) => table.rows[i]!.every((v) => v !== null));
      const completeCase = elasticNetCoxLearner.fit(table, time, event, complete, params);
      pooled.forEach((c, j) => {
        imputedError += (c.estimate - TRUTH[j]!) ** 2 / replicates;
        completeCaseError += (completeCase.coefficients[j]! - TRUTH[j]!) ** 2 / replicates;
      });
    }
    expect(columnMissing).toBeGreaterThan(0.2);
    expect(columnMissing).toBeLessThan(0.3);
    expect(imputedError).toBeLessThan(0.7 * completeCaseError);
  });
});

describe("imputed elastic-net Cox: the fit reads the training rows only", () => {
  const { table, time, event } = coxCohort(240, 7, { missing: [0, 1, 3], withCategories: true });
  const train = Uint32Array.from({ length: 120 }, (_, i) => 2 * i);
  const params = { lambda: 0.01, alpha: 0.5, imputations: 3, iterations: 4, seed: 5 };

  it("reads no feature, time or status of a held-out row", () => {
    const rows = recorded(table.rows);
    const times = recorded(Array.from(time));
    const events = recorded(Array.from(event));
    const model = imputedElasticNetCoxLearner.fit(
      { columns: table.columns, rows: rows.items },
      times.items,
      events.items,
      train,
      params,
    );
    const given = new Set(train);
    for (const read of [rows.read, times.read, events.read]) {
      expect(read.size).toBe(train.length);
      for (const row of read) expect(given.has(row)).toBe(true);
    }
    expect(model.imputer.n).toBe(train.length);
    expect(model.imputer.missingCount[0]).toBeGreaterThan(15);
  });

  it("gives the same imputer and model when held-out values are tied to their outcome", () => {
    const model = imputedElasticNetCoxLearner.fit(table, time, event, train, params);
    // Odd rows are held out: make their features the outcome itself and shuffle their follow-up.
    const leaky: LearningTable = {
      columns: table.columns,
      rows: table.rows.map((row, i) =>
        i % 2 === 0 ? row : [Math.log(time[i]!), event[i]!, 5 * event[i]!, null, time[i]!, 0, 1, "c"],
      ),
    };
    const leakyTime = time.map((t, i) => (i % 2 === 0 ? t : 1000 - t));
    const leakyEvent = event.map((e, i) => (i % 2 === 0 ? e : 1 - e));
    expect(imputedElasticNetCoxLearner.fit(leaky, leakyTime, leakyEvent, train, params)).toEqual(model);
  });

  it("fits the imputer to the features alone: other training outcomes change the fits, not the imputer", () => {
    const model = imputedElasticNetCoxLearner.fit(table, time, event, train, params);
    const otherTime = time.map((t, i) => t * (1 + (i % 3)));
    const other = imputedElasticNetCoxLearner.fit(table, otherTime, event, train, params);
    expect(other.imputer).toEqual(model.imputer);
    expect(other.fits[0]!.coefficients).not.toEqual(model.fits[0]!.coefficients);
  });
});

describe("imputed elastic-net Cox: stored form, explanation, importance", () => {
  const { table, time, event } = coxCohort(260, 3, { missing: [0, 1, 4], withCategories: true });
  const train = range(0, 200);
  const test = range(200, 260);
  const model = imputedElasticNetCoxLearner.fit(table, time, event, train, {
    lambda: 0.01,
    alpha: 0.5,
    imputations: 3,
    iterations: 4,
    seed: 11,
  });
  const stored = () => JSON.parse(JSON.stringify(serializeImputedElasticNet(model))) as ImputedElasticNetJson;
  const refusal = (
    json: unknown,
    ...expected: ("imputed-elastic-net-cox" | "imputed-elastic-net-logistic")[]
  ) => {
    try {
      if (expected.length === 0) deserializeImputedElasticNet(json);
      else deserializeImputedElasticNet(json, expected);
    } catch (error) {
      expect(error).toBeInstanceOf(ImputedElasticNetModelError);
      return (error as ImputedElasticNetModelError).field;
    }
    return null;
  };

  it("has one Breslow baseline, at the training rows' mean over the m fits of x·β", () => {
    expect(model.completeTraining).toBe(false);
    // Rebuild the m completed training designs from the imputer's training chains.
    const p = model.encoding.names.length;
    const pooled = new Float64Array(train.length);
    model.imputer.completed.forEach((dataset, l) => {
      const rows = [...train].map((row, i) => {
        const cells = [...table.rows[row]!];
        model.imputedFeatures.forEach((feature, k) => {
          const value = dataset[k]![i]!;
          const levels = model.imputer.columns[k]!.levels;
          cells[feature] = model.imputer.columns[k]!.type === "categorical" ? levels![value]! : value;
        });
        return cells;
      });
      const design = designMatrix(model.encoding, { columns: table.columns, rows }, range(0, train.length));
      expect(design.some(Number.isNaN)).toBe(false);
      const fit = model.fits[l]!;
      for (let i = 0; i < train.length; i++) {
        let eta = 0;
        for (let j = 0; j < p; j++) eta += fit.coefficients[j]! * design[i * p + j]!;
        pooled[i]! += eta / model.fits.length;
      }
    });
    const expected = breslowBaseline(
      Float64Array.from(train, (i) => time[i]!),
      Float64Array.from(train, (i) => event[i]!),
      pooled,
    );
    expect(model.baseline.time).toEqual(expected.time);
    expect(model.baseline.center).toBeCloseTo(expected.center, 13);
    model.baseline.cumulativeHazard.forEach((h, k) => {
      expect(h).toBeCloseTo(expected.cumulativeHazard[k]!, 13);
    });
    // New rows: S(τ | x) = exp(−Λ₀(τ)·exp(η̄ − c)) at their pooled linear predictor (predictRisk).
    const margins = imputedElasticNetMargins(model, table, test);
    expect(imputedElasticNetCoxLearner.predictRisk(model, table, test)).toEqual(margins);
    const h0 = baselineCumulativeHazardAt(model.baseline, 12);
    expect(h0).toBeGreaterThan(0);
    const survival = imputedElasticNetCoxLearner.predictSurvival(model, table, test, 12);
    survival.forEach((s, i) => {
      expect(s).toBe(Math.exp(-h0 * Math.exp(margins[i]! - model.baseline.center)));
    });
  });

  it("reads back to identical predictions, and refuses a Cox document where a logistic one is expected", () => {
    const json = stored();
    expect(json.version).toBe(2);
    expect(json.kind).toBe("imputed-elastic-net-cox");
    expect(json.fits.every((fit) => fit.intercept === 0)).toBe(true);
    expect(json.baseline!.time).toHaveLength(model.baseline.time.length);
    const back = deserializeImputedElasticNet(JSON.stringify(json), "imputed-elastic-net-cox");
    expect(back.kind).toBe("imputed-elastic-net-cox");
    expect(imputedElasticNetMargins(back, table, test)).toEqual(
      imputedElasticNetCoxLearner.predictRisk(model, table, test),
    );
    for (const horizon of [6, 24]) {
      expect(imputedElasticNetCoxSurvival(back, table, test, horizon)).toEqual(
        imputedElasticNetCoxLearner.predictSurvival(model, table, test, horizon),
      );
    }
    expect(serializeImputedElasticNet(back)).toEqual(json);
    expect(
      deserializeImputedElasticNet(json, ["imputed-elastic-net-logistic", "imputed-elastic-net-cox"]).kind,
    ).toBe("imputed-elastic-net-cox");
    expect(refusal(json)).toBe("kind");
  });

  it("refuses damaged Cox documents, naming the field", () => {
    const damaged = (edit: (json: ImputedElasticNetJson) => void) => {
      const json = stored();
      edit(json);
      return refusal(json, "imputed-elastic-net-cox");
    };
    expect(damaged(() => {})).toBeNull();
    expect(
      damaged((j) => {
        j.fits[1]!.intercept = 0.2;
      }),
    ).toBe("fits[1].intercept");
    expect(
      damaged((j) => {
        delete j.baseline;
      }),
    ).toBe("baseline");
    expect(
      damaged((j) => {
        j.baseline!.time.reverse();
      }),
    ).toBe("baseline.time[1]");
    expect(
      damaged((j) => {
        j.baseline!.cumulativeHazard.pop();
      }),
    ).toBe("baseline.cumulativeHazard");
    expect(
      damaged((j) => {
        j.baseline!.center = Number.NaN;
      }),
    ).toBe("baseline.center");
    expect(
      damaged((j) => {
        j.kind = "imputed-elastic-net-poisson" as ImputedElasticNetJson["kind"];
      }),
    ).toBe("kind");
    expect(
      damaged((j) => {
        j.version = 3 as 2;
      }),
    ).toBe("version");
  });

  it("still reads version-1 (logistic) documents, and refuses a baseline on a logistic one", () => {
    const cohort = syntheticCohort(200, 5, { missingX1: 0.25 });
    const logistic = imputedElasticNetLearner.fit(cohort.table, cohort.outcome, range(0, 150), {
      lambda: 0.01,
      alpha: 0.5,
      imputations: 2,
      iterations: 3,
      seed: 2,
    });
    const current = JSON.parse(JSON.stringify(serializeImputedElasticNet(logistic))) as ImputedElasticNetJson;
    expect(current.kind).toBe("imputed-elastic-net-logistic");
    expect(current).not.toHaveProperty("baseline");
    const { kind: _kind, ...rest } = current;
    const version1 = { ...rest, version: 1 };
    const back = deserializeImputedElasticNet(version1);
    expect(back.kind).toBe("imputed-elastic-net-logistic");
    expect(imputedElasticNetMargins(back, cohort.table, range(150, 200))).toEqual(
      imputedElasticNetMargins(logistic, cohort.table, range(150, 200)),
    );
    expect(refusal({ ...version1, kind: "imputed-elastic-net-logistic" })).toBe("kind");
    expect(refusal(version1, "imputed-elastic-net-cox")).toBe("version");
    expect(refusal({ ...current, baseline: stored().baseline })).toBe("baseline");
    // A model fitted on complete data stores one fit m times; differing copies are refused.
    const complete = imputedElasticNetLearner.fit(
      syntheticCohort(200, 5).table,
      cohort.outcome,
      range(0, 150),
      { lambda: 0.01, alpha: 0.5, imputations: 2 },
    );
    const completeJson = JSON.parse(
      JSON.stringify(serializeImputedElasticNet(complete)),
    ) as ImputedElasticNetJson;
    expect(refusal(completeJson)).toBeNull();
    completeJson.fits[1]!.coefficients[0]! += 1e-9;
    expect(refusal(completeJson)).toBe("fits[1]");
  });

  it("explains a row with missing values exactly: base + Σ SHAP is the pooled log relative hazard", () => {
    const explainer = imputedElasticNetExplainer(model, table, train);
    const withMissing = [...test].filter((row) => table.rows[row]!.some((v) => v === null));
    expect(withMissing.length).toBeGreaterThan(10);
    const rows = Uint32Array.from(withMissing);
    const shap = explainer.explain(table, rows);
    const margins = imputedElasticNetMargins(model, table, rows);
    const p = model.encoding.names.length;
    for (let i = 0; i < rows.length; i++) {
      let total = explainer.baseMargin;
      for (let j = 0; j < p; j++) total += shap[i * p + j]!;
      expect(Math.abs(total - margins[i]!)).toBeLessThan(1e-10);
    }
  });

  it("ranks features by |pooled standardised coefficient| for predictor stability", () => {
    const importance = featureImportance(model, table, train)!;
    expect(importance.measure).toMatch(/pooled coefficient/);
    const pooled = (j: number) =>
      model.fits.reduce((sum, fit) => sum + fit.standardizedCoefficients[j]!, 0) / model.fits.length;
    const x2 = model.encoding.names.indexOf("x2");
    expect(importance.importance[1]).toBeCloseTo(Math.abs(pooled(x2)), 14);
    expect(importance.selected[1]).toBe(1);
    expect(importance.importance[1]).toBeGreaterThan(importance.importance[5]!);
  });
});
