import type { ReactNode } from "react";
import type { PerformanceJson, SurvivalPerformance } from "../lab/labApiTypes.js";
import { formatEstimate, formatSmall, formatWithCi } from "../lab/labFormat.js";
import { Sourced } from "../lab/Sourced.js";
import { calibrationInTheLargeText, monthsText } from "../lab/survival.js";

/**
 * A time-to-event model's headline figures (docs/lab.md "Time-to-event models"): Harrell's C over all
 * follow-up leads, as the discrimination of a risk over time; the cumulative/dynamic AUC is at one
 * horizon only and is named so; Uno's C, the IPCW Brier score with IPA, and calibration as observed
 * (Kaplan–Meier) against mean predicted risk at the horizon plus the Cox calibration slope.
 */
export function SurvivalFigureCards({
  perf,
  survival: s,
  source,
  children,
}: {
  perf: PerformanceJson;
  survival: SurvivalPerformance;
  /** The design that produced the figures. */
  source: string;
  /** Cards every model shows (conformal coverage). */
  children?: ReactNode;
}) {
  const at = monthsText(s.horizonMonths);
  return (
    <dl className="figure-cards" data-testid="validation-figures" data-survival="true">
      <div className="figure-card">
        <dt>Discrimination (Harrell's C)</dt>
        <dd>
          {s.harrellC ? (
            <Sourced
              source={`${source}; Harrell's C over all follow-up, 95% CI from its standard error`}
              testId="cv-c-index"
            >
              {formatWithCi(s.harrellC.estimate, s.harrellC.lower, s.harrellC.upper)}
            </Sourced>
          ) : (
            <span className="muted" data-testid="cv-c-index">
              not estimable{s.problems.length > 0 ? `: ${s.problems.join("; ")}` : ""}
            </span>
          )}
        </dd>
      </div>
      <div className="figure-card">
        <dt>Time-dependent AUC at {at}</dt>
        <dd>
          <Sourced
            source={`${source}; cumulative/dynamic AUC at ${at} with inverse-probability-of-censoring weights: ${s.aucCases} cases (event by ${at}) against ${s.aucControls} controls (event-free after it)`}
            testId="cv-auc"
          >
            {formatWithCi(perf.auc, perf.aucLower, perf.aucUpper)}
          </Sourced>
        </dd>
      </div>
      <div className="figure-card">
        <dt>Uno's C and IPA</dt>
        <dd>
          <Sourced
            source={`${source}; Uno's C truncated at ${at} (IPCW); IPA = 1 − Brier / Kaplan–Meier null Brier at ${at} (Kattan & Gerds, Diagn Progn Res 2018)`}
            testId="cv-uno-c"
          >
            {`Uno's C ${s.unoC ? formatWithCi(s.unoC.estimate, s.unoC.lower, s.unoC.upper) : "not estimable"}; IPA ${formatEstimate(s.ipa, "not estimable")}`}
          </Sourced>
        </dd>
      </div>
      <div className="figure-card">
        <dt>Brier score at {at}</dt>
        <dd>
          <Sourced source={`${source}; IPCW Brier score at ${at}; the null model is the Kaplan–Meier risk`}>
            {formatSmall(perf.brier)}{" "}
            <span className="muted">vs {formatSmall(perf.brierNull)} for the Kaplan–Meier null</span>
          </Sourced>
        </dd>
      </div>
      <div className="figure-card">
        <dt>Calibration-in-the-large at {at}</dt>
        <dd>
          <Sourced
            source={`${source}; observed risk 1 − Kaplan–Meier S(${at}) with Greenwood limits, against the mean out-of-fold predicted risk`}
            testId="cv-calibration-large"
          >
            {calibrationInTheLargeText(s)}
          </Sourced>
        </dd>
      </div>
      <div className="figure-card">
        <dt>Calibration slope</dt>
        <dd>
          {perf.calibrationProblem !== null ? (
            <span className="muted">{perf.calibrationProblem}</span>
          ) : (
            <Sourced
              source={`${source}; the coefficient of the out-of-fold linear predictor in a Cox model (ideal 1); intercept = log(observed / mean predicted risk) at ${at}`}
            >
              slope {formatEstimate(perf.calibrationSlope, "not estimable")}, log(O/E){" "}
              {formatEstimate(perf.calibrationIntercept, "not estimable")}
            </Sourced>
          )}
        </dd>
      </div>
      {children}
    </dl>
  );
}
