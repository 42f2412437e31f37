import { type CoxRiskSets, coxLoss, coxRiskSets, orderByTime } from "./coxLoss.js";
import { type Design, prepareDesign } from "./design.js";
import { assemblePath } from "./pathResult.js";
import { solvePath } from "./pathSolver.js";
import { binaryColumn, pathSettings } from "./settings.js";
import type { CoxPathOptions, ElasticNetPath } from "./types.js";

const CALLER = "elasticNetCox";

/**
 * Elastic-net Cox regression along a path of penalties, as R's glmnet(x, Surv(time, event),
 * family = "cox") 4.1.6 defines it (Simon, Friedman, Hastie & Tibshirani, J Stat Softw
 * 2011;39(5)): minimise over β
 *
 *   −[Σ_i w_i δ_i η_i − Σ_t d_t log Σ_{time_j ≥ t} w_j e^{η_j}] + λ Σ_j v_j (α|β_j| + (1−α)/2·β_j²),
 *
 * Σ w = 1, Breslow ties (d_t the weighted events at t), covariates centred and scaled as glmnet
 * does, glmnet's λ sequence and early stops. The risk set is the textbook one — everyone whose time
 * is ≥ t, a row censored at t included — where glmnet 4.1.6 can drop a row censored at an event
 * time ≥ 256 (coxLoss.ts, docs/glmnet.md). Every solution meets the KKT conditions to kktTolerance.
 */
export function elasticNetCox(options: CoxPathOptions): ElasticNetPath {
  const { design, sets, events } = coxDesign(CALLER, options);
  const settings = pathSettings(CALLER, options, design.n, design.p);
  const loss = coxLoss(sets, design.weights);
  const solution = solvePath({
    design,
    loss,
    family: "cox",
    fitIntercept: false,
    nullIntercept: 0,
    alpha: settings.alpha,
    lambda: settings.lambda,
    nLambda: settings.nLambda,
    lambdaMinRatio: settings.lambdaMinRatio,
    dfMax: settings.dfMax,
    tolerance: settings.kktTolerance,
    maxPasses: settings.maxPasses,
  });
  return assemblePath({
    family: "cox",
    design,
    loss,
    solution,
    alpha: settings.alpha,
    standardize: settings.standardize,
    intercept: false,
    nEvent: events,
    lambdaSource: settings.lambda === null ? "default" : "user",
    kktTolerance: settings.kktTolerance,
    warnings: [],
  });
}

/** Validated survival data with rows sorted by time, the standardised design and the risk sets. */
export function coxDesign(
  caller: string,
  options: CoxPathOptions,
): { design: Design; sets: CoxRiskSets; events: number } {
  const n = options.time.length;
  for (let i = 0; i < n; i++) {
    const t = options.time[i];
    if (typeof t !== "number" || !Number.isFinite(t) || t < 0) {
      throw new RangeError(`${caller}: time[${i}] is ${String(t)}; expected a finite number ≥ 0`);
    }
  }
  const event = binaryColumn(caller, "event", options.event, n);
  const order = orderByTime(options.time);
  const design = prepareDesign({ caller, n, options, center: true, rowOrder: order });
  const sortedTime = new Float64Array(n);
  const sortedEvent = new Float64Array(n);
  let events = 0;
  for (let k = 0; k < n; k++) {
    sortedTime[k] = options.time[order[k]!]!;
    sortedEvent[k] = event[order[k]!]!;
    if (sortedEvent[k] === 1 && design.weights[k]! > 0) events++;
  }
  if (events === 0)
    throw new RangeError(`${caller}: no events (among rows of weight > 0); the partial likelihood is empty`);
  return { design, sets: coxRiskSets(sortedTime, sortedEvent, design.weights), events };
}
