import { binomialLoss } from "./binomialLoss.js";
import { prepareDesign } from "./design.js";
import { assemblePath } from "./pathResult.js";
import { solvePath } from "./pathSolver.js";
import { binaryColumn, pathSettings } from "./settings.js";
import type { ElasticNetPath, ElasticNetWarning, LogisticPathOptions } from "./types.js";

const CALLER = "elasticNetLogistic";

/**
 * Elastic-net logistic regression along a path of penalties, as R's
 * glmnet(x, y, family = "binomial") 4.1.6 defines it (Friedman, Hastie & Tibshirani, J Stat Softw
 * 2010;33(1)): minimise over (b₀, β)
 *
 *   −Σ_i w_i [y_i η_i − log(1 + e^{η_i})] + λ Σ_j v_j (α|β_j| + (1−α)/2·β_j²),  Σ w_i = 1,
 *
 * on covariates centred and scaled to unit weighted variance (divisor Σw) when standardize, with
 * glmnet's λ sequence and early stops, and coefficients returned on the original scale. Every
 * solution meets the KKT conditions to kktTolerance (default 1e-9) — see docs/glmnet.md.
 */
export function elasticNetLogistic(options: LogisticPathOptions): ElasticNetPath {
  const n = options.y.length;
  const intercept = options.intercept ?? true;
  const design = prepareDesign({ caller: CALLER, n, options, center: intercept });
  const settings = pathSettings(CALLER, options, n, design.p);
  const y = binaryColumn(CALLER, "y", options.y, n);
  const warnings: ElasticNetWarning[] = [];
  const { w1, count1, count0 } = classBalance(y, design.weights);
  if (Math.min(count0, count1) <= 1) {
    throw new RangeError(
      `${CALLER}: y has ${count0} rows with 0 and ${count1} with 1 (weight > 0); each class needs at least 2 (glmnet's rule)`,
    );
  }
  if (Math.min(count0, count1) < 8) {
    warnings.push({
      code: "small-class",
      message: `one class of y has fewer than 8 rows (${Math.min(count0, count1)}); estimates are fragile (glmnet warns too)`,
    });
  }
  const loss = binomialLoss(y, design.weights);
  const solution = solvePath({
    design,
    loss,
    family: "binomial",
    fitIntercept: intercept,
    nullIntercept: intercept ? Math.log(w1 / (1 - w1)) : 0,
    alpha: settings.alpha,
    lambda: settings.lambda,
    nLambda: settings.nLambda,
    lambdaMinRatio: settings.lambdaMinRatio,
    dfMax: settings.dfMax,
    tolerance: settings.kktTolerance,
    maxPasses: settings.maxPasses,
  });
  return assemblePath({
    family: "binomial",
    design,
    loss,
    solution,
    alpha: settings.alpha,
    standardize: settings.standardize,
    intercept,
    nEvent: count1,
    lambdaSource: settings.lambda === null ? "default" : "user",
    kktTolerance: settings.kktTolerance,
    warnings,
  });
}

function classBalance(y: Float64Array, w: Float64Array): { w1: number; count1: number; count0: number } {
  let w1 = 0;
  let count1 = 0;
  let count0 = 0;
  for (let i = 0; i < y.length; i++) {
    if (!(w[i]! > 0)) continue;
    if (y[i] === 1) {
      count1++;
      w1 += w[i]!;
    } else count0++;
  }
  return { w1, count1, count0 };
}
