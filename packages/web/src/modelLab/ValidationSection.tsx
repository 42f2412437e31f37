import { useMemo } from "react";
import { Chart } from "../charts/Chart.js";
import { calibrationChartOption } from "../charts/calibrationChart.js";
import { decisionCurveChartOption } from "../charts/decisionCurveChart.js";
import { forestAxisRange, forestChartHeight, forestChartOption } from "../charts/forestChart.js";
import { MODEL_COLOR } from "../charts/palette.js";
import { formatNumber } from "../format/numbers.js";
import {
  aalenJohansenInTheLargeText,
  type CauseWording,
  causeAucName,
  competingCauseOf,
  competingIndexLabel,
} from "../lab/competing.js";
import type { ModelRecord, PerformanceJson, ValidationJson } from "../lab/labApiTypes.js";
import { formatDay, formatEstimate, formatShare, formatSmall, formatWithCi } from "../lab/labFormat.js";
import { runReportPath } from "../lab/labPaths.js";
import { NotComputed, Sourced, SourceNote } from "../lab/Sourced.js";
import { calibrationInTheLargeText, monthsText, survivalIndexLabel } from "../lab/survival.js";
import { CompetingFigureCards } from "./CompetingFigureCards.js";
import {
  type LocoMeasure,
  locoEstimate,
  locoForestRows,
  locoGroupLabel,
  locoMeasureName,
  locoPooled,
  pooledText,
} from "./forestRows.js";
import { SurvivalFigureCards } from "./SurvivalFigureCards.js";

export interface ValidationRun {
  id: string;
  createdAt: string;
  result: ValidationJson;
}

/** Everything a validation run measured, each figure with the design that produced it. */
export function ValidationSection({
  run,
  model,
  featureLabel,
}: {
  run: ValidationRun;
  model: ModelRecord;
  featureLabel: (feature: string) => string;
}) {
  const v = run.result;
  const cv = v.nestedCv;
  const perf = cv.performance;
  const runText = `validation run ${run.id} (${formatDay(run.createdAt)}) of ${model.name} v${model.version}`;
  const survival = perf.survival ?? null;
  const cause = competingCauseOf(model.spec.endpoint, model.spec.cause, survival?.competing?.cause);
  const horizon = survival?.horizonMonths ?? null;
  const cvSource = `Nested cross-validation (${cv.outerFolds} outer × ${cv.innerFolds} inner folds, grid tuned by ${cv.criterion} inside each outer fold): out-of-fold predictions of ${perf.n} patients, ${perf.nEvents} events; ${runText}`;
  return (
    <section className="panel panel-wide" aria-labelledby="validation-title" data-testid="validation">
      <h2 id="validation-title">Validation</h2>
      <p className="note">
        From {runText}. Every figure below is computed on predictions for patients the model was not fitted
        on, except the optimism table, which corrects the apparent performance by bootstrap.{" "}
        <a href={runReportPath(run.id, "html")} data-testid="report-html">
          TRIPOD+AI report (HTML)
        </a>{" "}
        ·{" "}
        <a href={runReportPath(run.id, "pdf")} data-testid="report-pdf">
          PDF
        </a>
      </p>
      {survival !== null && cause !== null ? (
        <CompetingFigureCards
          perf={perf}
          survival={survival}
          cause={cause}
          wolbersC={survival.competing?.wolbersC ?? null}
          source={cvSource}
        >
          <ConformalCard v={v} runText={runText} />
        </CompetingFigureCards>
      ) : survival !== null ? (
        <SurvivalFigureCards perf={perf} survival={survival} source={cvSource}>
          <ConformalCard v={v} runText={runText} />
        </SurvivalFigureCards>
      ) : (
        <dl className="figure-cards" data-testid="validation-figures">
          <div className="figure-card">
            <dt>Discrimination (AUC)</dt>
            <dd>
              <Sourced source={`${cvSource}; DeLong 95% CI`} testId="cv-auc">
                {formatWithCi(perf.auc, perf.aucLower, perf.aucUpper)}
              </Sourced>
            </dd>
          </div>
          <div className="figure-card">
            <dt>Brier score</dt>
            <dd>
              <Sourced source={`${cvSource}; the null model predicts the event rate for everyone`}>
                {formatSmall(perf.brier)}{" "}
                <span className="muted">vs {formatSmall(perf.brierNull)} for the null model</span>
              </Sourced>
            </dd>
          </div>
          <div className="figure-card">
            <dt>Calibration</dt>
            <dd>
              {perf.calibrationProblem !== null ? (
                <span className="muted">{perf.calibrationProblem}</span>
              ) : (
                <Sourced
                  source={`${cvSource}; logistic recalibration of the outcome on the out-of-fold logit (ideal: intercept 0, slope 1)`}
                >
                  intercept {formatEstimate(perf.calibrationIntercept, "not estimable")}, slope{" "}
                  {formatEstimate(perf.calibrationSlope, "not estimable")}
                </Sourced>
              )}
            </dd>
          </div>
          <ConformalCard v={v} runText={runText} />
        </dl>
      )}

      <div className="panel-grid">
        <div className="figure" data-testid="calibration-plot">
          <h3>Calibration plot</h3>
          <CalibrationFigure v={v} source={cvSource} horizonMonths={horizon} cause={cause} />
          {survival !== null ? (
            <p className="figure-summary" data-testid="calibration-large">
              Calibration-in-the-large at {monthsText(survival.horizonMonths)}:{" "}
              {cause === null ? calibrationInTheLargeText(survival) : aalenJohansenInTheLargeText(survival)} (
              {survival.eventsByHorizon} {cause === null ? "events" : `${cause.short} events`} by then
              {cause !== null && survival.competing
                ? `, ${survival.competing.competingByHorizon} ${cause.competingShort} competing`
                : ""}
              ).
            </p>
          ) : null}
        </div>
        <div className="figure" data-testid="decision-curve">
          <h3>Decision curve</h3>
          <DecisionCurveFigure v={v} source={cvSource} horizonMonths={horizon} cause={cause} />
        </div>
      </div>

      <OptimismTable
        v={v}
        runText={runText}
        indexLabel={(index) =>
          cause !== null
            ? competingIndexLabel(index, cause, horizon)
            : survival !== null
              ? survivalIndexLabel(index)
              : index
        }
      />
      <LocoFigure
        v={v}
        runText={runText}
        measure={cause !== null ? "auc" : survival !== null ? "harrellC" : "auc"}
        competing={cause === null ? null : { cause, horizonMonths: horizon }}
      />
      <ConformalFigure v={v} />
      <StabilityTable v={v} featureLabel={featureLabel} />
    </section>
  );
}

function CalibrationFigure({
  v,
  source,
  horizonMonths,
  cause,
}: {
  v: ValidationJson;
  source: string;
  /** Time-to-event models: the horizon; the groups are then Kaplan–Meier risk groups. */
  horizonMonths: number | null;
  /** Competing-risks models: the cause; the groups are then Aalen–Johansen incidence groups. */
  cause: CauseWording | null;
}) {
  const groups = v.nestedCv.calibrationGroups ?? null;
  const curve = v.nestedCv.calibrationCurve ?? null;
  const causeShort = cause?.short ?? null;
  const option = useMemo(
    () =>
      groups === null
        ? null
        : calibrationChartOption({ groups, curve, horizonMonths, competingCause: causeShort }),
    [groups, curve, horizonMonths, causeShort],
  );
  if (option === null || groups === null) return <NotComputed what="Calibration plot" />;
  if (horizonMonths !== null && cause !== null) {
    const at = monthsText(horizonMonths);
    return (
      <>
        <Chart
          option={option}
          height={340}
          ariaLabel={`Calibration plot: ${groups.length} groups of out-of-fold predicted cumulative incidence of ${cause.short} by ${at} against the Aalen–Johansen observed incidence, with the diagonal`}
          testId="calibration-chart"
        />
        <p className="note" data-testid="aj-calibration-note">
          Observed risk is the Aalen–Johansen cumulative incidence of {cause.short} by {at}, with{" "}
          {cause.competingShort} as a competing event: a Kaplan–Meier estimate would count a patient who had{" "}
          {cause.competingShort} first as censored, as if {cause.short} could still happen to them, and
          overstate the incidence. No smooth curve is drawn, since a patient censored before {at} has no
          observed status at {at}; calibration is shown by risk groups instead.
        </p>
        <SourceNote>
          Dots: groups of out-of-fold predicted cumulative incidence of {cause.short} by {at}, observed
          incidence (Aalen–Johansen) at {at} with its 95% CI from Aalen's variance. Dashed: perfect
          calibration. Source: {source}.
        </SourceNote>
      </>
    );
  }
  if (horizonMonths !== null) {
    const at = monthsText(horizonMonths);
    return (
      <>
        <Chart
          option={option}
          height={340}
          ariaLabel={`Calibration plot: ${groups.length} groups of out-of-fold predicted risk by ${at} against the Kaplan–Meier observed risk, with the diagonal`}
          testId="calibration-chart"
        />
        <p className="note" data-testid="km-calibration-note">
          No smooth calibration curve is drawn: a lowess of 0/1 outcomes has no meaning when follow-up is
          censored, since a patient censored before {at} has no observed status at {at}. Calibration is shown
          instead by risk groups whose observed risk is estimated by Kaplan–Meier, which uses every patient's
          follow-up.
        </p>
        <SourceNote>
          Dots: groups of out-of-fold predicted risk by {at}, observed risk 1 − Kaplan–Meier at {at} with its
          95% CI. Dashed: perfect calibration. Source: {source}.
        </SourceNote>
      </>
    );
  }
  return (
    <>
      <Chart
        option={option}
        height={340}
        ariaLabel={`Calibration plot: ${groups.length} groups of out-of-fold predicted risk against the observed frequency, with the lowess curve and the diagonal`}
        testId="calibration-chart"
      />
      <SourceNote>
        Dots: groups of out-of-fold predicted risk, observed frequency with a 95% Wilson interval. Line:{" "}
        {curve ? curve.method : "the lowess curve is not computed in this run"}. Dashed: perfect calibration.
        Source: {source}.
      </SourceNote>
    </>
  );
}

function DecisionCurveFigure({
  v,
  source,
  horizonMonths,
  cause,
}: {
  v: ValidationJson;
  source: string;
  horizonMonths: number | null;
  cause: CauseWording | null;
}) {
  const curve = v.nestedCv.decisionCurve ?? null;
  const option = useMemo(() => (curve === null ? null : decisionCurveChartOption(curve)), [curve]);
  if (option === null) return <NotComputed what="Decision curve" />;
  return (
    <>
      <Chart
        option={option}
        height={340}
        ariaLabel="Decision curve: net benefit of the model, of treating all and of treating none by threshold probability"
        testId="decision-chart"
      />
      <SourceNote>
        {horizonMonths === null
          ? "Net benefit at each threshold probability (Vickers & Elkin, Med Decis Making 2006)"
          : cause !== null
            ? `Net benefit at each threshold of the cumulative incidence of ${cause.short} by ${monthsText(horizonMonths)} (Vickers et al., BMC Med Inform Decis Mak 2008), the event being ${cause.short} by then, with the Aalen–Johansen cumulative incidence of ${cause.short} among those at or above the threshold: a patient with ${cause.competingShort} first counts as not having ${cause.short}, never as censored`
            : `Net benefit at each threshold of the risk by ${monthsText(horizonMonths)}, with the Kaplan–Meier risk of those at or above the threshold (Vickers et al., BMC Med Inform Decis Mak 2008)`}
        : the model is useful where its curve lies above both “treat all” and “treat none”. Source: {source}.
      </SourceNote>
    </>
  );
}

function OptimismTable({
  v,
  runText,
  indexLabel,
}: {
  v: ValidationJson;
  runText: string;
  /** The index's name in words (survival and competing-risks indexes have readable names). */
  indexLabel: (index: string) => string;
}) {
  const o = v.optimism;
  return (
    <div className="figure" data-testid="optimism">
      <h3>Optimism correction</h3>
      {o.indexes.length === 0 ? (
        <NotComputed what="Optimism correction" />
      ) : (
        <>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Index</th>
                  <th scope="col" className="num">
                    Apparent
                  </th>
                  <th scope="col" className="num">
                    Optimism
                  </th>
                  <th scope="col" className="num">
                    Corrected
                  </th>
                  <th scope="col" className="num">
                    Replicates
                  </th>
                </tr>
              </thead>
              <tbody>
                {o.indexes.map((row) => (
                  <tr key={row.index}>
                    <th scope="row">{indexLabel(row.index)}</th>
                    <td className="num">{formatSmall(row.apparent)}</td>
                    <td className="num">{formatSmall(row.optimism)}</td>
                    <td className="num">
                      <strong>{formatSmall(row.corrected)}</strong>
                    </td>
                    <td className="num">{row.n}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <SourceNote>
            Bootstrap optimism (Harrell; Steyerberg, Clinical Prediction Models 2019): the first grid entry
            refitted on {o.fitted} of {o.replicates} bootstrap samples
            {o.failures.length > 0 ? ` (${o.failures.length} could not be fitted)` : ""}; corrected = apparent
            − mean optimism. Source: {runText}.
          </SourceNote>
        </>
      )}
    </div>
  );
}

function LocoFigure({
  v,
  runText,
  measure,
  competing,
}: {
  v: ValidationJson;
  runText: string;
  measure: LocoMeasure;
  /** Competing-risks models: the per-centre AUC is the cause's at the horizon, Wolbers' C is listed per centre. */
  competing: { cause: CauseWording; horizonMonths: number | null } | null;
}) {
  const loco = v.loco;
  const name =
    competing === null ? locoMeasureName(measure) : causeAucName(competing.cause, competing.horizonMonths);
  const rows = useMemo(
    () => (loco === null ? [] : locoForestRows(loco, measure, name)),
    [loco, measure, name],
  );
  const pooled = loco === null ? null : locoPooled(loco, measure);
  const option = useMemo(() => {
    const range = forestAxisRange(
      rows.map((r) => r.values[0] ?? null),
      { min: 0, max: 1 },
      0.5,
    );
    return forestChartOption({
      rows,
      series: [{ name, color: MODEL_COLOR }],
      axis: {
        name: `${name} in the held-out centre`,
        type: "value",
        // Ends on the axis' 0.2 ticks, so that no label is crowded by its neighbour.
        min: Math.max(0, Math.floor(range.min * 5) / 5),
        max: Math.min(1, Math.ceil(range.max * 5) / 5),
        reference: 0.5,
      },
    });
  }, [rows, name]);
  return (
    <div className="figure" data-testid="loco" data-measure={competing === null ? measure : "causeAuc"}>
      <h3>Leave-one-centre-out</h3>
      {loco === null ? (
        <NotComputed what="Leave-one-centre-out" />
      ) : (
        <>
          <Chart
            option={option}
            height={forestChartHeight(rows.length)}
            ariaLabel={`Forest plot of the ${name} in each of ${loco.groups.length} held-out centres with the pooled random-effects estimate`}
            testId="loco-chart"
          />
          <div className="table-scroll">
            <table className="data-table" data-testid="loco-table">
              <thead>
                <tr>
                  <th scope="col">Held out</th>
                  <th scope="col" className="num">
                    Patients / events
                  </th>
                  <th scope="col">{name} (95% CI)</th>
                  <th scope="col" className="num">
                    {competing === null ? "Calibration slope" : "Wolbers' C"}
                  </th>
                </tr>
              </thead>
              <tbody>
                {loco.groups.map((g) => (
                  <tr key={g.label} data-small={g.label === "small centres" ? "true" : undefined}>
                    <th scope="row">{locoGroupLabel(g)}</th>
                    <td className="num">
                      {g.n} / {g.nEvents}
                    </td>
                    <td>{locoCell(g.performance, measure)}</td>
                    <td className="num">
                      {competing === null
                        ? formatEstimate(g.performance?.calibrationSlope, "not estimable")
                        : formatEstimate(g.performance?.survival?.competing?.wolbersC, "not estimable")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pooled ? (
            <p className="figure-summary" data-testid="loco-pooled">
              {pooledText(pooled, name).split("\n").join("; ")}.
            </p>
          ) : null}
          {loco.leftOut ? (
            <p className="note" data-testid="loco-left-out">
              Left out of this analysis: {loco.leftOut.centers.join(", ")} ({loco.leftOut.n} patients) —{" "}
              {loco.leftOut.reason}.
            </p>
          ) : null}
          <SourceNote>
            Each centre is held out in turn and the first grid entry fitted on all the others; centres with
            fewer than {loco.minEvents} events or non-events are held out together as “small centres”. Pooled
            by a random-effects meta-analysis
            {measure === "harrellC" ? " of the centres' Harrell's C on the logit scale" : ""}
            {competing !== null
              ? ` of the centres' ${name}; Wolbers' C has no standard error here, so it is given per centre only`
              : ""}
            ; the dashed line is the 95% prediction interval for a new centre. Source: {runText}.
          </SourceNote>
        </>
      )}
    </div>
  );
}

function locoCell(performance: PerformanceJson | null, measure: LocoMeasure): string {
  const e = locoEstimate(performance, measure);
  return e === null ? "not estimable" : formatWithCi(e.estimate, e.lower, e.upper, "");
}

function ConformalCard({ v, runText }: { v: ValidationJson; runText: string }) {
  return (
    <div className="figure-card">
      <dt>Conformal coverage</dt>
      <dd>
        {v.conformal ? (
          <Sourced source={`${v.conformal.method}; ${runText}`}>
            {formatShare(v.conformal.empiricalCoverage)}{" "}
            <span className="muted">for a target of {formatShare(v.conformal.targetCoverage)}</span>
          </Sourced>
        ) : (
          <span className="muted">not computed in this run</span>
        )}
      </dd>
    </div>
  );
}

function ConformalFigure({ v }: { v: ValidationJson }) {
  const c = v.conformal ?? null;
  return (
    <div className="figure" data-testid="conformal">
      <h3>Conformal prediction sets</h3>
      {c === null ? (
        <NotComputed what="Conformal coverage" />
      ) : (
        <>
          <p>
            <Sourced source={c.method}>
              Sets built to contain the true outcome for {formatShare(c.targetCoverage)} of patients (α ={" "}
              {c.alpha}) contained it for <strong>{formatShare(c.empiricalCoverage)}</strong> (95% CI{" "}
              {formatShare(c.coverageLower)}–{formatShare(c.coverageUpper)}) of {c.n} held-out patients.
            </Sourced>
          </p>
          <p className="note">
            Set sizes: {c.setSizes.single} single outcome, {c.setSizes.both} both outcomes (“cannot tell”),{" "}
            {c.setSizes.empty} empty (“unlike the training patients”).
          </p>
          <SourceNote>{c.method}</SourceNote>
        </>
      )}
    </div>
  );
}

function StabilityTable({
  v,
  featureLabel,
}: {
  v: ValidationJson;
  featureLabel: (feature: string) => string;
}) {
  const s = v.stability ?? null;
  return (
    <div className="figure" data-testid="stability">
      <h3>Stability of the predictors</h3>
      {s === null ? (
        <NotComputed what="Predictor stability" />
      ) : (
        <>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Predictor</th>
                  <th scope="col" className="num">
                    Used in refits
                  </th>
                  <th scope="col" className="num">
                    Median rank (95% range)
                  </th>
                  <th scope="col" className="num">
                    In the top 5
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...s.features]
                  .sort((a, b) => a.medianRank - b.medianRank)
                  .map((f) => (
                    <tr key={f.feature}>
                      <th scope="row">{featureLabel(f.feature)}</th>
                      <td className="num">{formatShare(f.selectedFraction)}</td>
                      <td className="num">
                        {formatNumber(f.medianRank)} ({formatNumber(f.rankLower)}–{formatNumber(f.rankUpper)})
                      </td>
                      <td className="num">{formatShare(f.top5Fraction)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
          <SourceNote>
            {s.method} ({s.replicates} bootstrap refits). A predictor whose rank moves a lot between refits
            should not be read as important on its own.
          </SourceNote>
        </>
      )}
    </div>
  );
}
