import type { ReactNode } from "react";
import { aalenJohansenInTheLargeText, type CauseWording, causeAucName } from "../lab/competing.js";
import type { PerformanceJson, SurvivalPerformance } from "../lab/labApiTypes.js";
import { formatEstimate, formatSmall, formatWithCi } from "../lab/labFormat.js";
import { Sourced } from "../lab/Sourced.js";
import { monthsText } from "../lab/survival.js";

/**
 * A competing-risks model's headline figures (docs/lab.md "Relapse vs non-relapse mortality"): Wolbers'
 * C truncated at the horizon leads (competing events stay comparable; Wolbers et al., Biostatistics
 * 2014), then the cause's time-dependent AUC and IPCW Brier score at the horizon, and calibration as the
 * Aalen–Johansen cumulative incidence against the mean predicted incidence. There is no Harrell's C and
 * no calibration slope for a cumulative-incidence model, so neither is shown as a gap.
 */
export function CompetingFigureCards({
  perf,
  survival: s,
  cause,
  wolbersC,
  source,
  children,
}: {
  perf: PerformanceJson;
  survival: SurvivalPerformance;
  cause: CauseWording;
  wolbersC: number | null;
  /** The design that produced the figures. */
  source: string;
  /** Cards every model shows (conformal coverage). */
  children?: ReactNode;
}) {
  const at = monthsText(s.horizonMonths);
  const competingBy = s.competing?.competingByHorizon ?? null;
  return (
    <dl className="figure-cards" data-testid="validation-figures" data-competing={cause.cause}>
      <div className="figure-card">
        <dt>Discrimination (Wolbers' C)</dt>
        <dd>
          {wolbersC === null ? (
            <span className="muted" data-testid="cv-wolbers-c">
              not estimable{s.problems.length > 0 ? `: ${s.problems.join("; ")}` : ""}
            </span>
          ) : (
            <Sourced
              source={`${source}; Wolbers' concordance of the predicted cumulative incidence of ${cause.short}, truncated at ${at}: a patient with ${cause.short} by ${at} against one still free of it later, a patient with ${cause.competingShort} first staying comparable (Wolbers et al., Biostatistics 2014); no standard error is computed`}
              testId="cv-wolbers-c"
            >
              {formatEstimate(wolbersC)}
            </Sourced>
          )}{" "}
          <span className="muted">truncated at {at}</span>
        </dd>
      </div>
      <div className="figure-card">
        <dt>{capitalised(causeAucName(cause, s.horizonMonths))}</dt>
        <dd>
          <Sourced
            source={`${source}; cumulative/dynamic AUC of ${cause.short} at ${at} with inverse-probability-of-censoring weights: ${s.aucCases} cases (${cause.short} by ${at}) against ${s.aucControls} controls (free of it after ${at}, or ${cause.competingShort} first) (Blanche et al., Stat Med 2013; riskRegression::Score)`}
            testId="cv-auc"
          >
            {formatWithCi(perf.auc, perf.aucLower, perf.aucUpper)}
          </Sourced>
        </dd>
      </div>
      <div className="figure-card">
        <dt>Brier score at {at}</dt>
        <dd>
          <Sourced
            source={`${source}; IPCW Brier score of ${cause.short} at ${at}, ${cause.competingShort} first counting as no ${cause.short}; the null model predicts everyone the Aalen–Johansen incidence; IPA = 1 − Brier / null Brier (Kattan & Gerds, Diagn Progn Res 2018)`}
            testId="cv-brier"
          >
            {formatSmall(perf.brier)}{" "}
            <span className="muted">
              vs {formatSmall(perf.brierNull)} for the Aalen–Johansen null; IPA{" "}
              {formatEstimate(s.ipa, "not estimable")}
            </span>
          </Sourced>
        </dd>
      </div>
      <div className="figure-card">
        <dt>Calibration-in-the-large at {at}</dt>
        <dd>
          <Sourced
            source={`${source}; observed cumulative incidence of ${cause.short} at ${at} by Aalen–Johansen (${cause.competingShort} competing) with Wald limits from Aalen's variance (cmprsk::cuminc), against the mean out-of-fold predicted incidence`}
            testId="cv-calibration-large"
          >
            {aalenJohansenInTheLargeText(s)}
          </Sourced>
        </dd>
      </div>
      <div className="figure-card">
        <dt>Events by {at}</dt>
        <dd data-testid="cv-competing-events">
          {s.eventsByHorizon} {cause.short}
          {competingBy === null ? "" : `, ${competingBy} ${cause.competingShort} (competing)`}
        </dd>
      </div>
      <div className="figure-card">
        <dt>Calibration slope</dt>
        <dd>
          <span className="muted">
            {perf.calibrationProblem ?? "not estimated for a cumulative-incidence model"}
          </span>
        </dd>
      </div>
      {children}
    </dl>
  );
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
