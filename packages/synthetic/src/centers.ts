import type { SeededRandom } from "@carta/stats";
import { beta, logistic, logit } from "./draws.js";
import { CENTER_MISSINGNESS_CONCENTRATION, MISSINGNESS, STRUCTURE } from "./parameters.js";
import { COHORTS, type Cohort } from "./types.js";

/** Random effects of one centre on the D.5 linear predictors (log-hazard or logit scale). */
export interface CenterEffects {
  pfs: number;
  nrm: number;
  bestCr: number;
  crsSevere: number;
  icansSevere: number;
  icahtSevere: number;
}

export interface CenterMissingness {
  ferritin: number;
  il6: number;
  mtv: number;
}

export interface SimulatedCenter {
  id: string;
  name: string;
  /** 1 = largest. */
  sizeRank: number;
  ldhUlnUPerL: number;
  mtvMethod: "suv4" | "pct41";
  ctdnaAssay: "capp_seq" | "ights";
  effects: CenterEffects;
  missingness: Record<Cohort, CenterMissingness>;
  patients: Record<Cohort, number>;
}

/**
 * Zipf sizes by largest-remainder apportionment: deterministic, non-increasing in rank, summing to n,
 * so both cohorts keep the same rank order (D.1).
 */
export function zipfSizes(n: number, centers: number, exponent: number): number[] {
  const weights = Array.from({ length: centers }, (_, i) => 1 / (i + 1) ** exponent);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const exact = weights.map((w) => (n * w) / total);
  const sizes = exact.map(Math.floor);
  let left = n - sizes.reduce((sum, s) => sum + s, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    sizes[i]!++;
    left--;
  }
  return sizes;
}

/**
 * Shifts centre probabilities on the logit scale so that their mean weighted by centre size equals
 * `target` (bisection; the weighted mean is monotone in the shift).
 */
export function calibrateRates(raw: readonly number[], sizes: readonly number[], target: number): number[] {
  const total = sizes.reduce((sum, s) => sum + s, 0);
  if (target <= 0 || total === 0) return raw.map(() => target);
  if (target >= 1) return raw.map(() => 1);
  const logits = raw.map((p) => logit(Math.min(1 - 1e-9, Math.max(1e-9, p))));
  const mean = (shift: number): number =>
    logits.reduce((sum, l, i) => sum + sizes[i]! * logistic(l + shift), 0) / total;
  let lo = -30;
  let hi = 30;
  for (let iteration = 0; iteration < 100; iteration++) {
    const mid = (lo + hi) / 2;
    if (mean(mid) < target) lo = mid;
    else hi = mid;
  }
  const shift = (lo + hi) / 2;
  return logits.map((l) => logistic(l + shift));
}

export function simulateCenters(
  rng: SeededRandom,
  count: number,
  cohortSizes: Record<Cohort, number>,
): SimulatedCenter[] {
  if (!Number.isInteger(count) || count < 1 || count > 99) {
    throw new RangeError(`nCenters must be an integer from 1 to 99, got ${count}`);
  }
  // Which centre is the largest is itself drawn, so ids do not encode size.
  const rankOf = Array.from({ length: count }, (_, i) => i);
  const shuffle = rng.fork("rank order");
  for (let i = count - 1; i > 0; i--) {
    const j = shuffle.integer(i + 1);
    [rankOf[i], rankOf[j]] = [rankOf[j]!, rankOf[i]!];
  }
  const sizes = Object.fromEntries(
    COHORTS.map((cohort) => [cohort, zipfSizes(cohortSizes[cohort], count, STRUCTURE.zipfExponent)]),
  ) as Record<Cohort, number[]>;

  const centers = Array.from({ length: count }, (_, index): SimulatedCenter => {
    const draw = rng.fork(`center ${index}`);
    const rank = rankOf[index]!;
    const effect = (): number => draw.normal(0, STRUCTURE.centerEffectSd);
    const two = String(index + 1).padStart(2, "0");
    return {
      id: `C${two}`,
      name: `Demo centre ${two} (synthetic)`,
      sizeRank: rank + 1,
      ldhUlnUPerL: STRUCTURE.ldhUlnChoicesUPerL[draw.integer(STRUCTURE.ldhUlnChoicesUPerL.length)]!,
      mtvMethod: draw.bernoulli(STRUCTURE.mtvMethodSuv4Probability) ? "suv4" : "pct41",
      ctdnaAssay: draw.bernoulli(STRUCTURE.ctdnaCappSeqProbability) ? "capp_seq" : "ights",
      effects: {
        pfs: effect(),
        nrm: effect(),
        bestCr: effect(),
        crsSevere: effect(),
        icansSevere: effect(),
        icahtSevere: effect(),
      },
      missingness: Object.fromEntries(
        COHORTS.map((cohort) => {
          const m = MISSINGNESS[cohort];
          return [
            cohort,
            {
              ferritin: beta(draw, m.ferritin, CENTER_MISSINGNESS_CONCENTRATION.ferritin),
              il6: beta(draw, m.il6, CENTER_MISSINGNESS_CONCENTRATION.il6),
              mtv: beta(draw, m.mtv, CENTER_MISSINGNESS_CONCENTRATION.mtv),
            },
          ];
        }),
      ) as Record<Cohort, CenterMissingness>,
      patients: Object.fromEntries(COHORTS.map((cohort) => [cohort, sizes[cohort][rank]!])) as Record<
        Cohort,
        number
      >,
    };
  });

  for (const cohort of COHORTS) {
    const counts = centers.map((c) => c.patients[cohort]);
    for (const key of ["ferritin", "il6", "mtv"] as const) {
      const calibrated = calibrateRates(
        centers.map((c) => c.missingness[cohort][key]),
        counts,
        MISSINGNESS[cohort][key],
      );
      centers.forEach((c, i) => {
        c.missingness[cohort][key] = calibrated[i]!;
      });
    }
  }
  return centers;
}
