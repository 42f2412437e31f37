import { conversionText, outputRows } from "./resultView.js";
import type { ScaleDocument, ScaleResult } from "./scaleTypes.js";

/** The scored outputs, the reason that set them, any unit conversions, and where the rule comes from. */
export function CalculatorResult({ scale, result }: { scale: ScaleDocument; result: ScaleResult }) {
  const conversions = result.conversions ?? [];
  return (
    <section className="panel calc-result" aria-live="polite" data-testid="calculator-result">
      <h2>Result</h2>
      <dl className="calc-outputs">
        {outputRows(scale, result).map((row) => (
          <div key={row.name} className="calc-output" data-output={row.name}>
            <dt>
              {row.description} <code className="field-name">{row.name}</code>
            </dt>
            <dd className={row.undetermined ? "derived-value missing" : "derived-value"}>
              {row.value}
              {row.unit !== null ? <span className="card-unit"> {row.unit}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      <p className="calc-reason" data-testid="calculator-reason">
        {result.reason}
      </p>
      {conversions.length > 0 ? (
        <>
          <h3>Unit conversions</h3>
          <ul className="calc-conversions" data-testid="calculator-conversions">
            {conversions.map((conversion) => (
              <li key={conversion.field}>
                <code className="field-name">{conversion.field}</code>: {conversionText(conversion)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="calc-citation note" data-testid="calculator-citation">
        Source: {scale.citation}
      </p>
    </section>
  );
}
