import type { ForestRow } from "../charts/forestChart.js";
import type { LocoJson, PerformanceJson, PooledJson, TransportPredictor } from "../lab/labApiTypes.js";
import { formatEstimate, formatPValue, formatWithCi } from "../lab/labFormat.js";
import { isEffectModifier } from "../lab/transport.js";

/** The held-out group of small centres (@carta/ml's SMALL_CENTRES). */
export const SMALL_CENTRES = "small centres";

/** A held-out group's name; in a chart the pooled small centres are counted rather than listed. */
export function locoGroupLabel(group: LocoJson["groups"][number], listCentres = true): string {
  if (group.label !== SMALL_CENTRES) return group.label;
  return listCentres || group.centers.length <= 3
    ? `Small centres, pooled (${group.centers.join(", ")})`
    : `Small centres, pooled (${group.centers.length} centres)`;
}

/**
 * What the leave-one-centre-out forest plot shows per centre: the AUC of a binary model, Harrell's C of
 * a time-to-event one (whose per-centre AUC would be at one horizon only, and is not pooled).
 */
export type LocoMeasure = "auc" | "harrellC";

/** The discrimination index's name in sentences and on axes. */
export function locoMeasureName(measure: LocoMeasure): string {
  return measure === "auc" ? "AUC" : "Harrell's C";
}

/** A held-out group's estimate of the measure with its 95% CI; null when not estimable. */
export function locoEstimate(
  performance: PerformanceJson | null,
  measure: LocoMeasure,
): { estimate: number; lower: number; upper: number } | null {
  if (performance === null) return null;
  if (measure === "auc")
    return { estimate: performance.auc, lower: performance.aucLower, upper: performance.aucUpper };
  return performance.survival?.harrellC ?? null;
}

/** The random-effects pool of the measure (the centres' C statistics are pooled on the logit scale). */
export function locoPooled(loco: LocoJson, measure: LocoMeasure): PooledJson | null {
  return measure === "auc" ? loco.pooledAuc : (loco.pooledHarrellC ?? null);
}

export function pooledText(p: PooledJson, name = "AUC"): string {
  return (
    `random-effects pooled ${name} ${formatWithCi(p.estimate, p.ciLower, p.ciUpper)}\n` +
    `95% prediction interval ${formatEstimate(p.piLower)}–${formatEstimate(p.piUpper)} (where a new centre's ${name} is expected)\n` +
    `τ ${formatEstimate(p.tau)}, I² ${Math.round(p.i2)}%, ${p.k} groups`
  );
}

/**
 * One row per held-out centre (or the pooled small centres, named as such) with its AUC and DeLong CI
 * (or, for a time-to-event model, its Harrell's C), then the random-effects summary as a diamond with
 * its prediction interval (Riley et al., BMJ 2011).
 */
export function locoForestRows(
  loco: LocoJson,
  measure: LocoMeasure = "auc",
  /** The measure's name where the model gives it a narrower one (a competing cause's AUC at the horizon). */
  name: string = locoMeasureName(measure),
): ForestRow[] {
  const rows: ForestRow[] = loco.groups.map((group) => {
    const label = locoGroupLabel(group, false);
    const e = locoEstimate(group.performance, measure);
    return {
      label: e === null ? `${label} (not estimable)` : label,
      values: [
        e === null
          ? null
          : {
              estimate: e.estimate,
              lower: e.lower,
              upper: e.upper,
              tooltip: `${locoGroupLabel(group)}: ${name} ${formatWithCi(e.estimate, e.lower, e.upper)}\n${group.n} patients, ${group.nEvents} events held out`,
            },
      ],
    };
  });
  const pooled = locoPooled(loco, measure);
  if (pooled !== null) {
    rows.push({
      label: "Pooled (random effects)",
      values: [
        {
          estimate: pooled.estimate,
          lower: pooled.ciLower,
          upper: pooled.ciUpper,
          prediction: { lower: pooled.piLower, upper: pooled.piUpper },
          shape: "diamond",
          tooltip: pooledText(pooled, name),
        },
      ],
    });
  }
  return rows;
}

/** exp of a log-odds (or log-hazard) effect: the odds (or hazard) ratio the forest plot shows. */
function oddsRatio(effect: { estimate: number; lower: number; upper: number }) {
  return {
    estimate: Math.exp(effect.estimate),
    lower: Math.exp(effect.lower),
    upper: Math.exp(effect.upper),
  };
}

function effectText(
  cohort: string,
  effect: { estimate: number; lower: number; upper: number },
  scale: string,
  ratio: "OR" | "HR",
  ratioName: string,
): string {
  const or = oddsRatio(effect);
  const logText =
    ratio === "HR"
      ? ` (log ${ratioName} ${formatWithCi(effect.estimate, effect.lower, effect.upper, "")})`
      : "";
  return `${cohort}: ${ratioName} ${formatWithCi(or.estimate, or.lower, or.upper)} ${scale}${logText}`;
}

/**
 * Each predictor's odds ratio (or, for a time-to-event model, hazard ratio: the effects are then log
 * hazard ratios) in 3L+ and in 2L side by side, the effect modifiers of §D.6 highlighted. A
 * competing-risks model names its ratio more narrowly ("cause-specific HR of NRM").
 */
export function transportForestRows(
  predictors: readonly TransportPredictor[],
  label: (name: string) => string,
  ratio: "OR" | "HR" = "OR",
  ratioName: string = ratio,
): ForestRow[] {
  return predictors.map((p) => {
    const name = label(p.name);
    const tail = `\ninteraction p = ${formatPValue(p.interaction_p)}`;
    return {
      label: name,
      highlight: isEffectModifier(p.name),
      values: [
        {
          ...oddsRatio(p.effect_3l),
          tooltip: `${name}\n${effectText("3L+", p.effect_3l, p.scale, ratio, ratioName)}${tail}`,
        },
        {
          ...oddsRatio(p.effect_2l),
          tooltip: `${name}\n${effectText("2L", p.effect_2l, p.scale, ratio, ratioName)}${tail}`,
        },
      ],
    };
  });
}
