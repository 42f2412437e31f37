import { fixed, NOT_COMPUTED, percent, plural } from "../text/format.js";
import { causeAuc, causeIncidence, WOLBERS_C } from "./competingWording.js";
import { decisionCurveIncidence } from "./sections/competingSections.js";
import { transportCause } from "./sections/transport.js";
import type { CompetingFacts, StudyFacts } from "./studyFacts.js";
import type { StudyReportInput } from "./studyReportInput.js";
import { HARRELL_C, months } from "./studyWording.js";

/**
 * Validation samples need about 100 events and 100 non-events (Collins et al., Stat Med 2016;35:214);
 * for a time-to-event outcome, about 100 events.
 */
const VALIDATION_MIN_EVENTS = 100;
/** Calibration slopes outside 1 ± this are read as clearly miscalibrated spread (Van Calster et al., BMC Med 2019;17:230). */
const SLOPE_TOLERANCE = 0.2;
const HEAVY_MISSING = 0.3;

/**
 * The limitations section, written from the facts of the run (TRIPOD+AI 26): each entry is there
 * because a number crossed a stated line, or because a part of the analysis is absent.
 */
export function studyLimitations(input: StudyReportInput, facts: StudyFacts): string[] {
  const out: string[] = [];
  const v = facts.validation;
  const cv = v.nestedCv.performance;
  const survival = facts.survival;
  // A time-to-event model's discrimination is a C statistic, its optimism index and pooled estimate too.
  const competing = survival?.competing ?? null;
  // A competing-risks model's discrimination with a CI and a pooled estimate is the cause's AUC at the horizon.
  const discrimination = competing
    ? {
        name: causeAuc(competing.cause, survival!.horizonMonths),
        lower: cv.aucLower,
        optimism: v.optimism.indexes.find((i) => i.index === "AUC")?.optimism,
        pooled: v.loco?.pooledAuc ?? null,
      }
    : survival
      ? {
          name: HARRELL_C,
          lower: cv.survival?.harrellC?.lower ?? Number.NaN,
          optimism: v.optimism.indexes.find((i) => i.index === "HarrellC")?.optimism,
          pooled: v.loco?.pooledHarrellC ?? null,
        }
      : {
          name: "AUC",
          lower: cv.aucLower,
          optimism: v.optimism.indexes.find((i) => i.index === "AUC")?.optimism,
          pooled: v.loco?.pooledAuc ?? null,
        };
  if (input.synthetic) {
    out.push(
      "The data are synthetic: the model and every number in this report describe simulated patients, not CAR-T patients.",
    );
  }
  if (Number.isFinite(facts.eventsPerPredictor) && facts.eventsPerPredictor < 10) {
    const counted = competing
      ? plural(facts.events, `${competing.cause.short} event`)
      : survival
        ? plural(facts.events, "event")
        : `${Math.min(facts.events, facts.nonEvents)} in the smaller outcome class`;
    out.push(
      `Few events for the number of candidate predictors: ${fixed(facts.eventsPerPredictor, 1)} per predictor (${counted}, ${facts.candidatePredictors} predictors), below the floor of 10; expect overfitting and unstable predictor effects.`,
    );
  }
  const slope = cv.calibrationSlope;
  if (slope !== null && Number.isFinite(slope) && Math.abs(slope - 1) > SLOPE_TOLERANCE) {
    out.push(
      slope < 1
        ? `The out-of-fold calibration slope is ${fixed(slope)}: predictions are too extreme (high risks too high, low risks too low), the mark of overfitting.`
        : `The out-of-fold calibration slope is ${fixed(slope)}: predictions are too moderate (spread too narrow).`,
    );
  }
  if (competing)
    out.push(
      "No calibration slope is estimated for a cumulative-incidence model: calibration rests on the Aalen–Johansen risk groups and calibration-in-the-large only.",
    );
  else if (cv.calibrationProblem)
    out.push(
      `Calibration of the out-of-fold predictions could not be fully estimated: ${cv.calibrationProblem}.`,
    );
  const optimism = discrimination.optimism;
  if (optimism !== undefined && optimism > 0.05) {
    out.push(
      `The bootstrap optimism of the ${discrimination.name} is ${fixed(optimism, 3)}: the apparent performance overstates it markedly.`,
    );
  }
  if (Number.isFinite(discrimination.lower) && discrimination.lower < 0.6) {
    out.push(
      `Discrimination is uncertain: the 95% CI of the out-of-fold ${discrimination.name} reaches down to ${fixed(discrimination.lower)}.`,
    );
  }
  if (survival) {
    const h = months(survival.horizonMonths);
    const byHorizon = cv.survival?.eventsByHorizon;
    if (byHorizon !== undefined && byHorizon < VALIDATION_MIN_EVENTS) {
      out.push(
        `Only ${plural(byHorizon, competing ? `${competing.cause.short} event` : "event")} by ${h} in the out-of-fold predictions: below the ~${VALIDATION_MIN_EVENTS} a validation needs, so the calibration at ${h} and the time-dependent AUC there are imprecise.`,
      );
    }
    const problems = cv.survival?.problems ?? [];
    if (problems.length > 0)
      out.push(
        `Some ${competing ? "competing-risks" : "survival"} measures could not be estimated out of fold: ${problems.join("; ")}.`,
      );
    if (competing) out.push(...competingLimitations(facts, survival.horizonMonths, competing));
  }
  const modal = facts.modalChoice;
  if (modal && modal.index !== 0) {
    out.push(
      `Nested cross-validation chose grid entry ${modal.index + 1} most often (${modal.folds} of ${v.nestedCv.chosen.length} folds), but the stored version is fitted with entry 1: the nested estimate describes the tuning procedure, not exactly the stored model.`,
    );
  }
  const twoL = input.model.metrics.byCohort["2L"];
  if (competing && !facts.transport) {
    out.push(
      `No 3L+ → 2L transport analysis was run for this model${twoL ? `; the ${twoL.n} 2L patients (${plural(twoL.nEvents, `${competing.cause.short} event`)}) are only part of the pooled development data` : ""}: performance in 2L specifically is not established.`,
    );
  } else if (facts.transport) {
    const t = facts.transport.result;
    const n2l = twoL?.n ?? t.n_2l;
    const e2l = twoL?.nEvents;
    const limiting = e2l === undefined ? undefined : survival ? e2l : Math.min(e2l, n2l - e2l);
    if (limiting === undefined || limiting < VALIDATION_MIN_EVENTS) {
      out.push(
        `The 2L evaluation sample is small (${t.n_2l} patients${e2l !== undefined ? `, ${plural(e2l, competing ? `${competing.cause.short} event` : "event")}` : ""}): below the ~${VALIDATION_MIN_EVENTS} ${survival ? "events" : "events and non-events"} a validation needs, so the 2L performance is imprecise and the interaction tests have little power.`,
      );
    }
    if (competing) out.push(...competingTransportLimitations(facts));
    const s = t.performance_2l.calibration_slope;
    if (s !== null && Math.abs(s - 1) > SLOPE_TOLERANCE) {
      out.push(
        `In 2L the 3L+ model's calibration slope is ${fixed(s)}: it needs updating before use in 2L (see the recalibration table).`,
      );
    }
  } else if (
    twoL &&
    (survival ? twoL.nEvents : Math.min(twoL.nEvents, twoL.n - twoL.nEvents)) < VALIDATION_MIN_EVENTS
  ) {
    out.push(
      `The 2L cohort is small (${twoL.n} patients, ${plural(twoL.nEvents, "event")}) and no transport analysis is stored: performance in 2L specifically is not established.`,
    );
  }
  const loco = v.loco;
  if (loco) {
    const p = discrimination.pooled;
    if (p && p.piLower !== null && p.piUpper !== null && p.piUpper - p.piLower > 0.3) {
      out.push(
        `Performance varies between centres: the 95% prediction interval of the ${discrimination.name} in a new centre is ${fixed(p.piLower)}–${fixed(p.piUpper)}.`,
      );
    }
    if (facts.smallCentres.length > 0) {
      out.push(
        `${plural(facts.smallCentres.length, "small centre")} (${facts.smallCentres.join(", ")}) could only be held out pooled together, so their own performance is not known.`,
      );
    }
    if (loco.leftOut)
      out.push(
        `Centres ${loco.leftOut.centers.join(", ")} were left out of leave-one-centre-out: ${loco.leftOut.reason}.`,
      );
  } else {
    out.push("Leave-one-centre-out was not run: performance across centres is not known.");
  }
  const heavy = input.features.filter(
    (f) => facts.tableRows > 0 && f.missing / facts.tableRows > HEAVY_MISSING,
  );
  if (heavy.length > 0) {
    out.push(
      `Predictors missing in more than ${percent(HEAVY_MISSING)} of rows: ${heavy.map((f) => `${f.label} (${percent(f.missing / facts.tableRows)})`).join(", ")}; if missingness depends on the centre or the outcome, the model may learn it.`,
    );
  }
  const m = input.model.metrics;
  if (m.dropped.incomplete > 0) {
    out.push(
      `${countRows(m.dropped.incomplete)} with an incomplete predictor were dropped (complete-case analysis), which can bias the sample unless values are missing completely at random.`,
    );
  }
  if (m.dropped.endpointMissing > 0) {
    out.push(`${countRows(m.dropped.endpointMissing)} whose endpoint could not be computed were dropped.`);
  }
  const c = v.conformal ?? null;
  if (c && c.coverageUpper < c.targetCoverage) {
    out.push(
      `Conformal sets covered ${percent(c.empiricalCoverage, 1)} of outcomes, below the target ${percent(c.targetCoverage)}.`,
    );
  }
  const absent = [
    v.nestedCv.calibrationGroups ? null : "calibration plot",
    v.nestedCv.decisionCurve ? null : "decision curve",
    v.conformal ? null : "conformal coverage",
    v.stability ? null : "predictor stability",
  ].filter((x): x is string => x !== null);
  if (absent.length > 0) out.push(`${absent.join(", ")}: ${NOT_COMPUTED} (the run predates these analyses).`);
  out.push(
    "All validation here is internal (same study, same period); performance in other settings, and in sociodemographic subgroups (sex, age), has not been assessed.",
  );
  return out;
}

/**
 * What a competing-risks model adds (docs/lab.md "Relapse vs non-relapse mortality"): how censoring and
 * the competing event were handled (PROBAST's analysis domain asks), what the explanations are of, the
 * C statistic without an interval, and a decision curve that did not treat the competing event as such.
 */
function competingLimitations(facts: StudyFacts, horizon: number, competing: CompetingFacts): string[] {
  const cause = competing.cause;
  const h = months(horizon);
  const out = [
    `Censoring and the competing risk are handled: patients censored before ${h} keep their follow-up (cause-specific Cox models, inverse probability of censoring weights), and ${cause.competing} counts as a competing event, not as censoring, so the observed ${causeIncidence(cause, horizon)} is the Aalen–Johansen estimate and is not overstated.`,
    `The explanations (SHAP values, reasons and predictor stability) are of the cause-specific log hazard of ${cause.short}, not directly of its cumulative incidence: the incidence also depends on the hazard of ${cause.competing}, so a predictor can change it through the competing cause in a direction its SHAP value does not show.`,
    `${WOLBERS_C} is given without a confidence interval (none is computed for it here) and is not pooled across centres; the AUC at ${h} carries the uncertainty.`,
  ];
  const check = decisionCurveIncidence(facts);
  if (check && !check.agrees)
    out.push(
      `The decision curve did not estimate the incidence with ${cause.competing} as a competing event (its treat-all line implies ${percent(check.implied, 1)} against the Aalen–Johansen ${percent(check.aalenJohansen, 1)}): its net benefit is overstated.`,
    );
  return out;
}

/**
 * What a competing-risks transport cannot say: its effects are cause-specific hazards (Putter et al.,
 * Stat Med 2007;26:2389), and its calibration in 2L is calibration-in-the-large only.
 */
function competingTransportLimitations(facts: StudyFacts): string[] {
  const cause = transportCause(facts)!;
  return [
    `The transport's predictor effects are cause-specific log hazard ratios of ${cause.short} (${cause.competing} as censoring), compared between 3L+ and 2L on the hazard scale: effects that agree there can still give different cumulative incidences of ${cause.short} in 2L, through a different hazard of ${cause.competingShort}.`,
    "In 2L no calibration slope is estimated: the 3L+ model's calibration there rests on calibration-in-the-large against the Aalen–Johansen incidence only.",
  ];
}

function countRows(n: number): string {
  return n === 1 ? "1 row" : `${n} rows`;
}
