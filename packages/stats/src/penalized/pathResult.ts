import type { Design } from "./design.js";
import type { PathLoss } from "./loss.js";
import type { PathSolution } from "./pathSolver.js";
import type { ElasticNetFamily, ElasticNetPath, ElasticNetWarning } from "./types.js";

export interface PathResultParts {
  family: ElasticNetFamily;
  design: Design;
  loss: PathLoss;
  solution: PathSolution;
  alpha: number;
  standardize: boolean;
  intercept: boolean;
  nEvent: number;
  lambdaSource: "default" | "user";
  kktTolerance: number;
  warnings: ElasticNetWarning[];
}

/** Back to the original scale (β_j = β̃_j / scale_j, b₀ = b̃₀ − Σ β_j·mean_j), plus df and deviances. */
export function assemblePath(parts: PathResultParts): ElasticNetPath {
  const { design, solution, loss } = parts;
  const { p, scale, mean, sd } = design;
  const nLambda = solution.lambda.length;
  const coefficients = new Float64Array(nLambda * p);
  const standardizedCoefficients = new Float64Array(nLambda * p);
  const intercepts = new Float64Array(nLambda);
  const df = new Int32Array(nLambda);
  const devRatio = new Float64Array(nLambda);
  const deviance = new Float64Array(nLambda);
  const nullDeviance = 2 * design.weightSum * (solution.nullLoss - loss.saturated);
  for (let l = 0; l < nLambda; l++) {
    let a0 = parts.intercept ? solution.intercepts[l]! : 0;
    let nonzero = 0;
    for (let j = 0; j < p; j++) {
      const b = solution.beta[l * p + j]! / scale[j]!;
      coefficients[l * p + j] = b;
      standardizedCoefficients[l * p + j] = b * sd[j]!;
      if (b !== 0) nonzero++;
      if (design.centered && parts.intercept) a0 -= b * mean[j]!;
    }
    intercepts[l] = a0;
    df[l] = nonzero;
    deviance[l] = 2 * design.weightSum * (solution.loss[l]! - loss.saturated);
    devRatio[l] = nullDeviance > 0 ? 1 - deviance[l]! / nullDeviance : 0;
  }
  return {
    method: "elastic-net",
    family: parts.family,
    riskSet: parts.family === "cox" ? "textbook" : null,
    ties: parts.family === "cox" ? "breslow" : null,
    names: design.names,
    n: design.n,
    p,
    nEvent: parts.nEvent,
    alpha: parts.alpha,
    standardize: parts.standardize,
    intercept: parts.intercept,
    weightSum: design.weightSum,
    xMean: mean,
    xSd: sd,
    penaltyFactor: design.penalty,
    lambdaSource: parts.lambdaSource,
    lambdaMax: solution.lambdaMax,
    lambda: solution.lambda,
    intercepts,
    coefficients,
    standardizedCoefficients,
    df,
    devRatio,
    nullDeviance,
    deviance,
    passes: solution.passes,
    kktViolation: solution.kktViolation,
    kktTolerance: parts.kktTolerance,
    converged: solution.converged,
    stop: solution.stop,
    warnings: [...design.warnings, ...parts.warnings, ...solution.warnings],
  };
}
