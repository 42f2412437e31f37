import type { ForestRow } from "../charts/forestChart.js";
import type { LocoJson, PooledJson, TransportPredictor } from "../lab/labApiTypes.js";
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

export function pooledText(p: PooledJson): string {
  return (
    `random-effects pooled AUC ${formatWithCi(p.estimate, p.ciLower, p.ciUpper)}\n` +
    `95% prediction interval ${formatEstimate(p.piLower)}–${formatEstimate(p.piUpper)} (where a new centre's AUC is expected)\n` +
    `τ ${formatEstimate(p.tau)}, I² ${Math.round(p.i2)}%, ${p.k} groups`
  );
}

/**
 * One row per held-out centre (or the pooled small centres, named as such) with its AUC and DeLong CI,
 * then the random-effects summary as a diamond with its prediction interval (Riley et al., BMJ 2011).
 */
export function locoForestRows(loco: LocoJson): ForestRow[] {
  const rows: ForestRow[] = loco.groups.map((group) => {
    const label = locoGroupLabel(group, false);
    const p = group.performance;
    return {
      label: p === null ? `${label} (not estimable)` : label,
      values: [
        p === null
          ? null
          : {
              estimate: p.auc,
              lower: p.aucLower,
              upper: p.aucUpper,
              tooltip: `${locoGroupLabel(group)}: AUC ${formatWithCi(p.auc, p.aucLower, p.aucUpper)}\n${group.n} patients, ${group.nEvents} events held out`,
            },
      ],
    };
  });
  const pooled = loco.pooledAuc;
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
          tooltip: pooledText(pooled),
        },
      ],
    });
  }
  return rows;
}

/** exp of a log-odds effect: the odds ratio the forest plot shows. */
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
): string {
  const or = oddsRatio(effect);
  return `${cohort}: OR ${formatWithCi(or.estimate, or.lower, or.upper)} ${scale}`;
}

/** Each predictor's odds ratio in 3L+ and in 2L side by side, the effect modifiers of §D.6 highlighted. */
export function transportForestRows(
  predictors: readonly TransportPredictor[],
  label: (name: string) => string,
): ForestRow[] {
  return predictors.map((p) => {
    const name = label(p.name);
    const tail = `\ninteraction p = ${formatPValue(p.interaction_p)}`;
    return {
      label: name,
      highlight: isEffectModifier(p.name),
      values: [
        { ...oddsRatio(p.effect_3l), tooltip: `${name}\n${effectText("3L+", p.effect_3l, p.scale)}${tail}` },
        { ...oddsRatio(p.effect_2l), tooltip: `${name}\n${effectText("2L", p.effect_2l, p.scale)}${tail}` },
      ],
    };
  });
}
