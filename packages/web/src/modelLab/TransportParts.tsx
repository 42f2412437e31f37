import { type CauseWording, competingIndexLabel } from "../lab/competing.js";
import {
  competingRecalibrationDetail,
  competingRecalibrationLabel,
  competingTransportCalibrationText,
} from "../lab/competingTransport.js";
import type { TransportJson } from "../lab/labApiTypes.js";
import { asSentence, formatEstimate, formatShare, formatSmall, formatWithCi } from "../lab/labFormat.js";
import { Sourced, SourceNote } from "../lab/Sourced.js";
import { monthsText, netBenefitComparison, recalibrationLabel } from "../lab/survival.js";

/**
 * A time-to-event model's performance in 2L: Harrell's C leads, the time-dependent AUC is at the
 * horizon, calibration is the Cox slope and log(observed / expected) at the horizon.
 */
export function SurvivalPerformance2l({
  r,
  horizon,
  runText,
}: {
  r: TransportJson;
  horizon: number;
  runText: string;
}) {
  const p2 = r.performance_2l;
  const at = monthsText(horizon);
  const c = p2.c_index ?? null;
  return (
    <dl className="facts">
      <div>
        <dt>C-index (Harrell's)</dt>
        <dd>
          {c === null ? (
            <span className="muted" data-testid="transport-c-index">
              not estimable in 2L
            </span>
          ) : (
            <Sourced
              source={`The 3L+ model's linear predictor for the ${r.n_2l} 2L patients; Harrell's C over all follow-up with its 95% CI; ${runText}`}
              testId="transport-c-index"
            >
              {formatWithCi(c, p2.c_index_lower ?? Number.NaN, p2.c_index_upper ?? Number.NaN)}
            </Sourced>
          )}
        </dd>
      </div>
      <div>
        <dt>Time-dependent AUC at {at}</dt>
        <dd>
          <Sourced
            source={`Cumulative/dynamic AUC at ${at} with inverse-probability-of-censoring weights, in 2L; ${runText}`}
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
              source={`Slope: the coefficient of the 3L+ linear predictor in a Cox model of the 2L patients (ideal 1); log(O/E): log(observed / mean predicted risk) at ${at} (ideal 0); ${runText}`}
            >
              slope {formatEstimate(p2.calibration_slope, "not estimable")}, log(O/E) at {at}{" "}
              {formatEstimate(p2.calibration_intercept, "not estimable")}
            </Sourced>
          )}
        </dd>
      </div>
      <div>
        <dt>Brier score at {at}</dt>
        <dd>{formatSmall(p2.brier)}</dd>
      </div>
    </dl>
  );
}

/** The recalibration methods of a time-to-event model in 2L, by C-index, time-dependent AUC and calibration. */
export function SurvivalRecalibration({ r, horizon }: { r: TransportJson; horizon: number }) {
  return (
    <table className="data-table" data-testid="recalibration">
      <thead>
        <tr>
          <th scope="col">Method</th>
          <th scope="col" className="num">
            C-index
          </th>
          <th scope="col" className="num">
            AUC at {monthsText(horizon)}
          </th>
          <th scope="col" className="num">
            log(O/E)
          </th>
          <th scope="col" className="num">
            Slope
          </th>
        </tr>
      </thead>
      <tbody>
        {r.recalibration.map((c) => (
          <tr key={c.method}>
            <th scope="row" title={recalibrationLabel(c.method)}>
              {c.method}
            </th>
            <td className="num">{formatEstimate(c.c_index, "—")}</td>
            <td className="num">{formatEstimate(c.auc)}</td>
            <td className="num">{formatEstimate(c.calibration_intercept, "—")}</td>
            <td className="num">{formatEstimate(c.calibration_slope, "—")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The recalibration methods compared by net benefit in 2L: what the issue asks of model updating is
 * that it be judged by the decisions it improves, not by a calibration slope alone.
 */
export function NetBenefitSection({
  r,
  runText,
  horizon,
  cause = null,
}: {
  r: TransportJson;
  runText: string;
  horizon: number | null;
  /** A competing-risks model's cause: its methods are named in words and the incidence is Aalen–Johansen. */
  cause?: CauseWording | null;
}) {
  const comparison = netBenefitComparison(r.recalibration);
  const name = (method: string) =>
    cause === null ? recalibrationLabel(method) : competingRecalibrationLabel(method);
  return (
    <section className="panel panel-wide" aria-labelledby="net-benefit-title" data-testid="net-benefit">
      <h2 id="net-benefit-title">Recalibration compared by net benefit in 2L</h2>
      {comparison === null ? (
        <p className="empty not-computed" data-testid="not-computed">
          Net benefit of the recalibration methods: not computed in this run.
        </p>
      ) : (
        <>
          <div className="table-scroll">
            <table className="data-table" data-testid="net-benefit-table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Threshold
                  </th>
                  {comparison.methods.map((m) => (
                    <th scope="col" className="num" key={m} title={name(m)}>
                      {cause === null ? m : name(m)}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    treat all
                  </th>
                  <th scope="col">Highest net benefit</th>
                </tr>
              </thead>
              <tbody>
                {comparison.rows.map((row) => (
                  <tr key={row.threshold} data-testid="net-benefit-row">
                    <th scope="row" className="num">
                      {formatShare(row.threshold)}
                    </th>
                    {row.model.map((value, i) => (
                      <td
                        className="num"
                        key={comparison.methods[i]}
                        data-best={comparison.methods[i] === row.best ? "true" : undefined}
                      >
                        {comparison.methods[i] === row.best ? (
                          <strong>{formatSmall(value)}</strong>
                        ) : (
                          formatSmall(value)
                        )}
                      </td>
                    ))}
                    <td className="num">{formatSmall(row.treatAll)}</td>
                    <td>{name(row.best)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {cause === null ? null : (
            <SourceNote>
              Net benefit of deciding by the predicted {cumulativeIncidenceName(cause, horizon)}, with the
              event being {cause.event} by {horizon === null ? "the horizon" : monthsText(horizon)} and{" "}
              {cause.competingShort} first counted as no event of it: true positives/n − false positives/n ×
              t/(1 − t) at threshold t (Vickers &amp; Elkin, Med Decis Making 2006), with the Aalen–Johansen
              incidence of {cause.short} among those at or above the threshold; treat-none is 0. Methods:{" "}
              {comparison.methods
                .map((m) => `${competingRecalibrationLabel(m)} — ${competingRecalibrationDetail(m, cause)}`)
                .join("; ")}
              . The updated models are cross-validated within 2L, so each is judged on 2L patients it was not
              fitted on. Updating is worth it where it adds net benefit over the model as developed and over
              treating everyone. Source: {runText}.
            </SourceNote>
          )}
          {cause !== null ? null : (
            <SourceNote>
              Methods: {comparison.methods.map((m) => `${m} — ${recalibrationLabel(m)}`).join("; ")}. Net
              benefit = true positives/n − false positives/n × t/(1 − t) at threshold t (Vickers &amp; Elkin,
              Med Decis Making 2006)
              {horizon === null
                ? ""
                : `, with the event by ${monthsText(horizon)} and the Kaplan–Meier risk of those at or above the threshold (Vickers et al., BMC Med Inform Decis Mak 2008)`}
              ; treat-none is 0. The updated models are cross-validated within 2L, so each is judged on 2L
              patients it was not fitted on. Updating is worth it where it adds net benefit over the model as
              developed and over treating everyone. Source: {runText}.
            </SourceNote>
          )}
        </>
      )}
    </section>
  );
}

function cumulativeIncidenceName(cause: CauseWording, horizon: number | null): string {
  return `cumulative incidence of ${cause.short}${horizon === null ? "" : ` by ${monthsText(horizon)}`}`;
}

/**
 * A competing-risks model's performance in 2L: the cause's time-dependent AUC at the horizon leads,
 * with Wolbers' C truncated there (no Harrell's C: a patient with the competing event first stays
 * comparable); calibration-in-the-large is the Aalen–Johansen incidence against the mean predicted one,
 * and no slope is estimated.
 */
export function CompetingPerformance2l({
  r,
  horizon,
  runText,
  cause,
}: {
  r: TransportJson;
  horizon: number;
  runText: string;
  cause: CauseWording;
}) {
  const p2 = r.performance_2l;
  const at = monthsText(horizon);
  const wolbers = p2.wolbers_c ?? null;
  return (
    <dl className="facts">
      <div>
        <dt>{competingIndexLabel("AUC", cause, horizon)}</dt>
        <dd>
          <Sourced
            source={`Cumulative/dynamic AUC of ${cause.short} at ${at} with inverse-probability-of-censoring weights, ${cause.competingShort} first counted among the controls, for the 3L+ model's predicted incidence of the ${r.n_2l} 2L patients; ${runText}`}
            testId="transport-cause-auc"
          >
            {formatWithCi(p2.auc, p2.auc_lower, p2.auc_upper)}
          </Sourced>
        </dd>
      </div>
      <div>
        <dt>Wolbers' C (truncated at {at})</dt>
        <dd>
          {wolbers === null ? (
            <span className="muted" data-testid="transport-wolbers-c">
              not estimable in 2L
            </span>
          ) : (
            <Sourced
              source={`Wolbers' concordance of the predicted cumulative incidence of ${cause.short}, truncated at ${at}, a patient with ${cause.competingShort} first staying comparable (Wolbers et al., Biostatistics 2014); no standard error is computed; ${runText}`}
              testId="transport-wolbers-c"
            >
              {formatEstimate(wolbers)}
            </Sourced>
          )}
        </dd>
      </div>
      <div>
        <dt>Calibration-in-the-large at {at}</dt>
        <dd>
          <Sourced
            source={`Aalen–Johansen cumulative incidence of ${cause.short} at ${at} in 2L (${cause.competingShort} competing) against the mean predicted incidence; ${runText}`}
            testId="transport-calibration"
          >
            {competingTransportCalibrationText(p2, cause)}
          </Sourced>
          {p2.calibration_problem ? (
            <span className="muted" data-testid="transport-calibration-problem">
              {" "}
              {asSentence(p2.calibration_problem)}
            </span>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>
          Brier score of {cause.short} at {at}
        </dt>
        <dd>{formatSmall(p2.brier)}</dd>
      </div>
    </dl>
  );
}

/** The recalibration methods of a competing-risks model in 2L, by the cause's AUC, Wolbers' C and log(O/E). */
export function CompetingRecalibration({
  r,
  horizon,
  cause,
}: {
  r: TransportJson;
  horizon: number;
  cause: CauseWording;
}) {
  return (
    <table className="data-table" data-testid="recalibration" data-competing={cause.cause}>
      <thead>
        <tr>
          <th scope="col">Method</th>
          <th scope="col" className="num">
            AUC of {cause.short} at {monthsText(horizon)}
          </th>
          <th scope="col" className="num">
            Wolbers' C
          </th>
          <th
            scope="col"
            className="num"
            title={`log(Aalen–Johansen observed / mean predicted incidence of ${cause.short}) at ${monthsText(horizon)}`}
          >
            log(O/E)
          </th>
        </tr>
      </thead>
      <tbody>
        {r.recalibration.map((c) => (
          <tr key={c.method}>
            <th scope="row" title={competingRecalibrationDetail(c.method, cause)}>
              {competingRecalibrationLabel(c.method)}
            </th>
            <td className="num">{formatEstimate(c.auc)}</td>
            <td className="num">{formatEstimate(c.wolbers_c, "—")}</td>
            <td className="num">{formatEstimate(c.calibration_intercept, "—")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
