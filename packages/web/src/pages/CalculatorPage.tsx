import { SCALES_PATH } from "../api/paths.js";
import { useApi } from "../api/useApi.js";
import { CalculatorForm } from "../calculators/CalculatorForm.js";
import type { ScaleList } from "../calculators/scaleTypes.js";
import { LoadError, Loading } from "../components/LoadStatus.js";
import { useDocumentTitle } from "../components/useDocumentTitle.js";
import { Link } from "../router/Link.js";
import { CALCULATORS_PAGE_PATH } from "../router/routes.js";

/** "/calculators/:scale": one scale's form, generated from the schema the server publishes. */
export function CalculatorPage({ scaleId }: { scaleId: string }) {
  const state = useApi<ScaleList>(SCALES_PATH);
  const scale = state.status === "ok" ? state.data.scales.find((s) => s.scale === scaleId) : undefined;
  useDocumentTitle(scale?.title ?? "Calculator");

  if (state.status === "loading") return <Loading what="the calculator" />;
  if (state.status === "error") return <LoadError what="the calculator" error={state.error} />;
  if (scale === undefined) {
    return (
      <div className="status status-error not-found" role="alert" data-testid="calculator-not-found">
        <h1 className="page-title">No such calculator</h1>
        <p>
          There is no scale <strong>{scaleId}</strong>. Choose one from the{" "}
          <Link href={CALCULATORS_PAGE_PATH}>list of calculators</Link>.
        </p>
      </div>
    );
  }
  return (
    <article className="calculator-page" data-scale={scale.scale}>
      <p className="breadcrumb">
        <Link href={CALCULATORS_PAGE_PATH}>Calculators</Link>
      </p>
      <h1 className="page-title">{scale.title}</h1>
      <p className="note">{scale.citation}</p>
      {scale.conventions.length > 0 ? (
        <details className="calc-conventions">
          <summary>Conventions applied</summary>
          <ul>
            {scale.conventions.map((convention) => (
              <li key={convention}>{convention}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <CalculatorForm scale={scale} />
    </article>
  );
}
