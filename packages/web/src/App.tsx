import { AppHeader } from "./components/AppHeader.js";
import { DictionaryProvider } from "./dictionary/DictionaryContext.js";
import { CalculatorPage } from "./pages/CalculatorPage.js";
import { CalculatorsPage } from "./pages/CalculatorsPage.js";
import { DecisionPage } from "./pages/DecisionPage.js";
import { LabPage } from "./pages/LabPage.js";
import { ModelPage } from "./pages/ModelPage.js";
import { NotFoundPage } from "./pages/NotFoundPage.js";
import { PatientPage } from "./pages/PatientPage.js";
import { StudyPage } from "./pages/StudyPage.js";
import { TransportPage } from "./pages/TransportPage.js";
import { useLocation } from "./router/location.js";
import { matchRoute } from "./router/routes.js";

export function App() {
  const location = useLocation();
  const route = matchRoute(location.pathname);
  return (
    <DictionaryProvider>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader />
      <main id="main" className="app-main">
        {route.page === "study" ? <StudyPage search={location.search} /> : null}
        {/* Keyed by id so that moving from one patient to another starts from a clean page. */}
        {route.page === "patient" ? <PatientPage key={route.patientId} patientId={route.patientId} /> : null}
        {route.page === "calculators" ? <CalculatorsPage /> : null}
        {/* Keyed by scale so that each calculator starts with an empty form. */}
        {route.page === "calculator" ? <CalculatorPage key={route.scale} scaleId={route.scale} /> : null}
        {route.page === "decision" ? (
          <DecisionPage key={route.patientId} patientId={route.patientId} />
        ) : null}
        {route.page === "lab" ? <LabPage /> : null}
        {route.page === "model" ? (
          <ModelPage key={route.name + location.search} name={route.name} search={location.search} />
        ) : null}
        {route.page === "transport" ? <TransportPage key={route.name} name={route.name} /> : null}
        {route.page === "notFound" ? <NotFoundPage path={route.path} /> : null}
      </main>
    </DictionaryProvider>
  );
}
