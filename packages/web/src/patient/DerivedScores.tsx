import type { DerivedView } from "../apiTypes.js";
import { useDictionary } from "../dictionary/DictionaryContext.js";
import { MISSING_TEXT } from "../format/numbers.js";

/** Every derived number next to the rule and inputs that produced it: a score is never shown unexplained. */
export function DerivedScores({ derived }: { derived: DerivedView[] }) {
  const { timePointLabel } = useDictionary();
  return (
    <section
      className="panel panel-wide"
      aria-labelledby="derived-title"
      id="derived"
      data-testid="derived-scores"
    >
      <h2 id="derived-title">Derived scores</h2>
      {derived.length === 0 ? (
        <p className="empty">No derived scores for this patient.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table derived">
            <thead>
              <tr>
                <th scope="col">Score</th>
                <th scope="col">Value</th>
                <th scope="col">Time point</th>
                <th scope="col">How it was derived</th>
              </tr>
            </thead>
            <tbody>
              {derived.map((score) => (
                <tr key={`${score.variable}@${score.timePoint}`} data-variable={score.variable}>
                  <th scope="row">{score.label}</th>
                  <td className={score.value === null ? "derived-value missing" : "derived-value"}>
                    {score.display.length > 0 ? score.display : MISSING_TEXT}
                    {score.entered && !score.entered.agrees ? (
                      <span
                        className="entered-disagrees"
                        data-testid="entered-disagrees"
                        title="The site entered a different value: check the recorded signs"
                      >
                        site entered {score.entered.display}
                      </span>
                    ) : null}
                  </td>
                  <td>{timePointLabel(score.timePoint)}</td>
                  <td className="reason">{score.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
