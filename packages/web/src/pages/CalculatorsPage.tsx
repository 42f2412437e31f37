import { SCALES_PATH } from "../api/paths.js";
import { useApi } from "../api/useApi.js";
import type { ScaleList } from "../calculators/scaleTypes.js";
import { LoadError, Loading } from "../components/LoadStatus.js";
import { useDocumentTitle } from "../components/useDocumentTitle.js";
import { Link } from "../router/Link.js";
import { calculatorPagePath } from "../router/routes.js";

/** "/calculators": every clinical scale the server scores, with the publication it follows. */
export function CalculatorsPage() {
  useDocumentTitle("Calculators");
  const state = useApi<ScaleList>(SCALES_PATH);
  return (
    <article className="calculators-page">
      <h1 className="page-title">Calculators</h1>
      <p className="note">
        Score one assessment by hand with the same rules carta applies to the study data. Nothing entered here
        is stored.
      </p>
      {state.status === "loading" ? <Loading what="the calculators" /> : null}
      {state.status === "error" ? <LoadError what="the calculators" error={state.error} /> : null}
      {state.status === "ok" ? (
        <ul className="calc-list" data-testid="calculator-list">
          {state.data.scales.map((scale) => (
            <li key={scale.scale} className="card" data-scale={scale.scale}>
              <h2 className="card-title">
                <Link href={calculatorPagePath(scale.scale)}>{scale.title}</Link>
              </h2>
              <p className="note">{scale.citation}</p>
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
