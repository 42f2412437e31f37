import { useMemo } from "react";
import { useApi } from "../api/useApi.js";
import { Chart } from "../charts/Chart.js";
import { forestAxisRange, forestChartHeight, forestChartOption } from "../charts/forestChart.js";
import { COHORT_COLORS } from "../charts/palette.js";
import { LoadError, Loading } from "../components/LoadStatus.js";
import { StudyBanner } from "../components/StudyBanner.js";
import { useDocumentTitle } from "../components/useDocumentTitle.js";
import { useDictionary } from "../dictionary/DictionaryContext.js";
import type { CauseWording } from "../lab/competing.js";
import {
  causeSpecificEffectHeader,
  causeSpecificEffectsNote,
  causeSpecificHrName,
  causeSpecificHrShort,
  causeSpecificModelText,
  competingTransportHeadline,
  transportCause,
} from "../lab/competingTransport.js";
import { featureLabeller } from "../lab/featureNames.js";
import type { ModelDetailResponse, TransportJson } from "../lab/labApiTypes.js";
import {
  asSentence,
  formatDay,
  formatEstimate,
  formatPValue,
  formatSmall,
  formatWithCi,
} from "../lab/labFormat.js";
import { modelApiPath } from "../lab/labPaths.js";
import { Sourced, SourceNote } from "../lab/Sourced.js";
import {
  EFFECT_MODIFIERS,
  interactionVerdict,
  isEffectModifier,
  predictorFeature,
  predictorLabel,
  transportOf,
} from "../lab/transport.js";
import { dictionaryVariableOf } from "../lab/whatIf.js";
import { transportForestRows } from "../modelLab/forestRows.js";
import {
  CompetingPerformance2l,
  CompetingRecalibration,
  NetBenefitSection,
  SurvivalPerformance2l,
  SurvivalRecalibration,
} from "../modelLab/TransportParts.js";
import { Link } from "../router/Link.js";
import { LAB_PAGE_PATH, modelPagePath } from "../router/routes.js";

/** "/lab/models/:name/transport": does the 3L+ model carry over to 2L (DESIGN.md "Transportability")? */
export function TransportPage({ name }: { name: string }) {
  useDocumentTitle(`Transport of ${name}`);
  const state = useApi<ModelDetailResponse>(modelApiPath(name));
  const dictionary = useDictionary();
  const detail = state.status === "ok" ? state.data : null;
  const label = useMemo(() => {
    const feature = featureLabeller(
      detail?.explanations ?? null,
      dictionary.variable,
      dictionary.timePointLabel,
    );
    return (predictor: string) =>
      predictorLabel(predictor, feature, (f, code) => {
        const entry = dictionaryVariableOf(f, dictionary.variable);
        return entry === null ? code : dictionary.codeLabel(entry.id, code);
      });
  }, [detail, dictionary]);

  if (state.status === "loading") return <Loading what={`the transport analysis of ${name}`} />;
  if (state.status === "error") return <LoadError what={`model ${name}`} error={state.error} />;
  const transport = transportOf(state.data);
  const model = state.data.model;
  return (
    <article className="transport-page" data-model={model.name}>
      <StudyBanner detail="The transport analysis is run on the synthetic demo study." />
      <p className="breadcrumb">
        <Link href={LAB_PAGE_PATH}>Model lab</Link> ›{" "}
        <Link href={modelPagePath(model.name)}>{model.name}</Link>
      </p>
      <h1 className="page-title">Transport 3L+ → 2L: {model.name}</h1>
      {transport === null ? (
        <p className="empty" data-testid="no-transport">
          No transport analysis has been run for {model.name} v{model.version}. It needs a spec with{" "}
          <code>validation.transport</code> and <code>cohort: "both"</code>; run{" "}
          <code>carta lab transport</code>.
        </p>
      ) : (
        <TransportBody
          result={transport.result}
          runText={`${transport.source} ${transport.runId} (${formatDay(transport.createdAt)}) of ${model.name} v${model.version}`}
          label={label}
          cause={transportCause(transport.result, model.spec.cause)}
        />
      )}
    </article>
  );
}

function TransportBody({
  result: r,
  runText,
  label,
  cause,
}: {
  result: TransportJson;
  runText: string;
  label: (predictor: string) => string;
  /** A competing-risks model's cause: its effects are cause-specific log hazard ratios of it. */
  cause: CauseWording | null;
}) {
  // A time-to-event model's transport analysis has a horizon: its effects are log hazard ratios.
  const horizon = r.performance_2l.horizon_months ?? null;
  const survival = horizon !== null;
  const ratio = survival ? "HR" : "OR";
  const ratioName = cause === null ? ratio : causeSpecificHrShort(cause);
  const rows = useMemo(
    () => transportForestRows(r.predictors, label, ratio, ratioName),
    [r, label, ratio, ratioName],
  );
  const option = useMemo(() => {
    const range = forestAxisRange(
      rows.flatMap((row) => row.values),
      { min: 1 / 64, max: 64 },
      1,
    );
    return forestChartOption({
      rows,
      series: [
        { name: "3L+ (development)", color: COHORT_COLORS["3L+"] },
        { name: "2L (target)", color: COHORT_COLORS["2L"] },
      ],
      axis: {
        name:
          cause !== null
            ? `${causeSpecificHrName(cause)} (log scale)`
            : survival
              ? "hazard ratio of the event (log scale)"
              : "odds ratio of the event (log scale)",
        type: "log",
        min: 2 ** Math.floor(Math.log2(range.min)),
        max: 2 ** Math.ceil(Math.log2(range.max)),
        reference: 1,
      },
    });
  }, [rows, survival, cause]);
  const p2 = r.performance_2l;
  const e = r.effects_rows;
  const tests = r.predictors.length;
  return (
    <>
      <p className="headline" data-testid="transport-headline">
        {cause === null ? r.headline : competingTransportHeadline(r, cause)}
      </p>
      <p className="note">
        The model is fitted on the {r.n_3l} 3L+ patients and evaluated on the {r.n_2l} 2L patients, for{" "}
        {r.event}. Source: {runText}.
      </p>

      <section className="panel panel-wide" aria-labelledby="modifiers-title" data-testid="effect-modifiers">
        <h2 id="modifiers-title">The predictors expected to differ between the cohorts</h2>
        <p className="note">
          The study's reference (clinical-reference.md §D.6) expects the effect of the product's naive-like
          CD8 fraction and of a high metabolic tumour volume to be weaker in 2L than in 3L+. Can this sample
          see it?
        </p>
        <ul className="plain-list modifier-list">
          {EFFECT_MODIFIERS.map((feature) => {
            const predictor = r.predictors.find((p) => predictorFeature(p.name) === feature);
            const unusable = e.not_estimable.find((n) => predictorFeature(n) === feature);
            return (
              <li key={feature} data-testid="effect-modifier" data-feature={feature}>
                <strong>{label(feature)}</strong>:{" "}
                {predictor && cause !== null ? (
                  <>
                    cause-specific log HR of {cause.short} {formatEstimate(predictor.effect_3l.estimate)} in
                    3L+ vs {formatEstimate(predictor.effect_2l.estimate)} in 2L ({predictor.scale};{" "}
                    {causeSpecificHrShort(cause)} {formatEstimate(Math.exp(predictor.effect_3l.estimate))} vs{" "}
                    {formatEstimate(Math.exp(predictor.effect_2l.estimate))}).{" "}
                    <span data-testid="interaction-verdict">
                      {interactionVerdict(predictor, tests, e.n_2l)}
                    </span>
                  </>
                ) : predictor && survival ? (
                  <>
                    log HR {formatEstimate(predictor.effect_3l.estimate)} in 3L+ vs{" "}
                    {formatEstimate(predictor.effect_2l.estimate)} in 2L ({predictor.scale}; HR{" "}
                    {formatEstimate(Math.exp(predictor.effect_3l.estimate))} vs{" "}
                    {formatEstimate(Math.exp(predictor.effect_2l.estimate))}).{" "}
                    <span data-testid="interaction-verdict">
                      {interactionVerdict(predictor, tests, e.n_2l)}
                    </span>
                  </>
                ) : predictor ? (
                  <>
                    OR {formatEstimate(Math.exp(predictor.effect_3l.estimate))} in 3L+ vs{" "}
                    {formatEstimate(Math.exp(predictor.effect_2l.estimate))} in 2L ({predictor.scale}).{" "}
                    <span data-testid="interaction-verdict">
                      {interactionVerdict(predictor, tests, e.n_2l)}
                    </span>
                  </>
                ) : unusable ? (
                  "its effect could not be estimated in one of the cohorts (see below)."
                ) : (
                  "not a predictor of this model."
                )}
              </li>
            );
          })}
        </ul>
      </section>

      <div className="panel-grid">
        <section className="panel" aria-labelledby="perf2l-title" data-testid="performance-2l">
          <h2 id="perf2l-title">Performance in 2L</h2>
          {cause !== null && horizon !== null ? (
            <CompetingPerformance2l r={r} horizon={horizon} runText={runText} cause={cause} />
          ) : survival ? (
            <SurvivalPerformance2l r={r} horizon={horizon} runText={runText} />
          ) : (
            <dl className="facts">
              <div>
                <dt>AUC</dt>
                <dd>
                  <Sourced
                    source={`The 3L+ model's predictions for the ${r.n_2l} 2L patients; DeLong 95% CI; ${runText}`}
                  >
                    {formatWithCi(p2.auc, p2.auc_lower, p2.auc_upper)}
                  </Sourced>
                </dd>
              </div>
              <div>
                <dt>Calibration</dt>
                <dd>
                  {p2.calibration_problem ?? (
                    <Sourced
                      source={`Logistic recalibration in 2L (ideal: intercept 0, slope 1); ${runText}`}
                    >
                      intercept {formatEstimate(p2.calibration_intercept, "not estimable")}, slope{" "}
                      {formatEstimate(p2.calibration_slope, "not estimable")}
                    </Sourced>
                  )}
                </dd>
              </div>
              <div>
                <dt>Brier score</dt>
                <dd>{formatSmall(p2.brier)}</dd>
              </div>
            </dl>
          )}
          <h3>Recalibration in 2L</h3>
          {cause !== null && horizon !== null ? (
            <CompetingRecalibration r={r} horizon={horizon} cause={cause} />
          ) : survival ? (
            <SurvivalRecalibration r={r} horizon={horizon} />
          ) : (
            <table className="data-table" data-testid="recalibration">
              <thead>
                <tr>
                  <th scope="col">Method</th>
                  <th scope="col" className="num">
                    AUC
                  </th>
                  <th scope="col" className="num">
                    Intercept
                  </th>
                  <th scope="col" className="num">
                    Slope
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.recalibration.map((c) => (
                  <tr key={c.method}>
                    <th scope="row">{c.method}</th>
                    <td className="num">{formatEstimate(c.auc)}</td>
                    <td className="num">{formatEstimate(c.calibration_intercept, "—")}</td>
                    <td className="num">{formatEstimate(c.calibration_slope, "—")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {cause !== null ? (
            <SourceNote>
              Both causes' baselines re-estimated in 2L, and each cause's slope and baseline updated in 2L,
              are cross-validated within 2L, so they are judged on 2L patients they were not fitted on. No
              calibration slope is estimated for a cumulative-incidence model; log(O/E) is the log of the
              Aalen–Johansen incidence of {cause.short} over the mean predicted incidence (ideal 0). The
              incidence of {cause.short} combines both causes' models, so updating them can also reorder
              patients: the AUC and Wolbers' C may move, not only by cross-validation.
            </SourceNote>
          ) : survival ? (
            <SourceNote>
              The baseline hazard re-estimated in 2L, and the slope and baseline hazard updated in 2L, are
              cross-validated within 2L, so they are judged on 2L patients they were not fitted on.
              Recalibration fixes calibration; it cannot change the ranking (C-index), so the time-dependent
              AUC moves only through cross-validation.
            </SourceNote>
          ) : (
            <SourceNote>
              Intercept-only and logistic recalibration are cross-validated within 2L, so they are judged on
              2L patients they were not fitted on. Recalibration fixes calibration; it cannot change the
              ranking (AUC).
            </SourceNote>
          )}
        </section>
        <section className="panel" aria-labelledby="shift-title" data-testid="shift">
          <h2 id="shift-title">How different are the cohorts?</h2>
          <p>
            <Sourced
              source={`A cross-validated classifier of cohort membership on the predictors; ${runText}`}
            >
              A classifier tells 2L from 3L+ patients with AUC{" "}
              <strong>
                {formatWithCi(r.shift.domain_auc, r.shift.domain_auc_lower, r.shift.domain_auc_upper)}
              </strong>
            </Sourced>{" "}
            (0.5: the cohorts cannot be told apart).
          </p>
          <div className="table-scroll">
            <table className="data-table" data-testid="smd-table">
              <thead>
                <tr>
                  <th scope="col">Predictor</th>
                  <th scope="col" className="num">
                    SMD (3L+ − 2L)
                  </th>
                  <th scope="col" className="num">
                    Missing 3L+ / 2L
                  </th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {r.shift.smd.map((s) => (
                  <tr
                    key={s.name}
                    className={s.smd !== null && Math.abs(s.smd) >= 0.1 ? "smd-large" : undefined}
                  >
                    <th scope="row">{label(s.name)}</th>
                    <td className="num">{formatEstimate(s.smd)}</td>
                    <td className="num">
                      {s.missing_3l} / {s.missing_2l}
                    </td>
                    <td className="muted">{s.note ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <SourceNote>
            Standardised mean differences with the pooled SD; |SMD| ≥ 0.1 (bold) is the usual mark of an
            imbalance worth noting (Austin, Stat Med 2009).
          </SourceNote>
        </section>
      </div>

      <NetBenefitSection r={r} runText={runText} horizon={horizon} cause={cause} />

      <section className="panel panel-wide" aria-labelledby="effects-title" data-testid="effects">
        <h2 id="effects-title">Predictor effects in 3L+ and 2L</h2>
        {rows.length === 0 ? (
          <p className="empty">No predictor effect could be compared.</p>
        ) : (
          <Chart
            option={option}
            height={forestChartHeight(rows.length, 2)}
            ariaLabel={`Forest plot of the ${cause !== null ? causeSpecificHrName(cause) : survival ? "hazard ratio" : "odds ratio"} of each of ${rows.length} predictors in 3L+ and in 2L`}
            testId="transport-forest"
          />
        )}
        <div className="table-scroll">
          <table className="data-table" data-testid="effects-table">
            <thead>
              <tr>
                <th scope="col">Predictor</th>
                <th scope="col">Scale</th>
                <th scope="col">
                  {cause !== null
                    ? causeSpecificEffectHeader(cause, "3L+")
                    : survival
                      ? "Log hazard ratio in 3L+ (95% CI)"
                      : "OR in 3L+ (95% CI)"}
                </th>
                <th scope="col">
                  {cause !== null
                    ? causeSpecificEffectHeader(cause, "2L")
                    : survival
                      ? "Log hazard ratio in 2L (95% CI)"
                      : "OR in 2L (95% CI)"}
                </th>
                <th scope="col" className="num">
                  Interaction p
                </th>
              </tr>
            </thead>
            <tbody>
              {r.predictors.map((p) => (
                <tr key={p.name} className={isEffectModifier(p.name) ? "highlight-row" : undefined}>
                  <th scope="row">{label(p.name)}</th>
                  <td>{p.scale}</td>
                  <td>{survival ? logHrText(p.effect_3l) : orText(p.effect_3l)}</td>
                  <td>{survival ? logHrText(p.effect_2l) : orText(p.effect_2l)}</td>
                  <td className="num">{formatPValue(p.interaction_p)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="note" data-testid="effects-rows">
          <p>
            {e.adjustment === "adjusted"
              ? `Effects are adjusted for each other: one unpenalised ${cause !== null ? causeSpecificModelText(cause) : survival ? "Cox model (Efron ties)" : "logistic regression"} on all predictors per cohort, on the ${e.n_3l} 3L+ and ${e.n_2l} 2L patients with every predictor recorded (${e.dropped_incomplete} with a missing predictor left out).`
              : `Effects are estimated one predictor at a time (each unadjusted for the others), on the patients with that predictor recorded.`}{" "}
            {e.adjustment_reason ? `Why: ${asSentence(e.adjustment_reason)}` : ""}
          </p>
          {e.not_estimable.length > 0 ? (
            <p data-testid="not-estimable">
              Not estimable (too few values or no variation in a cohort):{" "}
              {e.not_estimable.map(label).join(", ")}.
            </p>
          ) : null}
          <p>
            {cause !== null
              ? causeSpecificEffectsNote(cause)
              : survival
                ? "Log hazard ratios (positive: a higher hazard of the event) per SD (pooled) for a number, 1 vs 0 for a yes/no predictor, level vs reference for a code; the forest plot shows their exponent, the hazard ratio."
                : "Odds ratios per SD (pooled) for a number, 1 vs 0 for a yes/no predictor, level vs reference for a code."}{" "}
            The interaction p is the Wald test of predictor × cohort in one model of both cohorts;{" "}
            {tests > 0
              ? `with ${tests} tests, Bonferroni puts the threshold at ${formatPValue(0.05 / tests)}.`
              : "no test was run."}{" "}
            A p above the threshold does not show equal effects: the 2L sample gives these tests little power.
          </p>
        </div>
      </section>
    </>
  );
}

function logHrText(effect: { estimate: number; lower: number; upper: number }): string {
  return formatWithCi(effect.estimate, effect.lower, effect.upper, "");
}

function orText(effect: { estimate: number; lower: number; upper: number }): string {
  return formatWithCi(Math.exp(effect.estimate), Math.exp(effect.lower), Math.exp(effect.upper), "");
}
