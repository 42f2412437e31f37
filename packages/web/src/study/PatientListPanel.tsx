import type { ChangeEvent } from "react";
import { patientListApiPath } from "../api/paths.js";
import { useApi } from "../api/useApi.js";
import type { CohortSummary, PatientList } from "../apiTypes.js";
import { COHORTS, parseCohort } from "../cohorts.js";
import { LoadError, Loading } from "../components/LoadStatus.js";
import { SyntheticBadge } from "../components/SyntheticBadge.js";
import { useDictionary } from "../dictionary/DictionaryContext.js";
import { formatNumber, MISSING_TEXT } from "../format/numbers.js";
import { Link } from "../router/Link.js";
import { navigate } from "../router/location.js";
import { patientPagePath } from "../router/routes.js";
import { type ListFilters, listFiltersSearch, PAGE_SIZE, pageLinks } from "./listFilters.js";

interface PatientListPanelProps {
  filters: ListFilters;
  centers: CohortSummary["byCenter"];
}

/** The study's patients, filtered by cohort and centre, a page at a time; each row opens the patient page. */
export function PatientListPanel({ filters, centers }: PatientListPanelProps) {
  const state = useApi<PatientList>(patientListApiPath({ ...filters, limit: PAGE_SIZE }));
  const { codeLabel } = useDictionary();

  function applyFilter(change: Partial<ListFilters>): void {
    // A new filter starts again from its first page.
    navigate("/" + listFiltersSearch({ ...filters, ...change, offset: 0 }));
  }

  return (
    <section className="panel panel-wide" aria-labelledby="patient-list-title">
      <h2 id="patient-list-title">Patients</h2>
      <form className="filters" aria-label="Filter patients" onSubmit={(event) => event.preventDefault()}>
        <label>
          Cohort{" "}
          <select
            value={filters.cohort ?? ""}
            onChange={(event: ChangeEvent<HTMLSelectElement>) =>
              applyFilter({ cohort: parseCohort(event.target.value) })
            }
            data-testid="filter-cohort"
          >
            <option value="">All cohorts</option>
            {COHORTS.map((cohort) => (
              <option key={cohort} value={cohort}>
                {cohort}
              </option>
            ))}
          </select>
        </label>
        <label>
          Centre{" "}
          <select
            value={filters.center ?? ""}
            onChange={(event: ChangeEvent<HTMLSelectElement>) =>
              applyFilter({ center: event.target.value === "" ? null : event.target.value })
            }
            data-testid="filter-center"
          >
            <option value="">All centres</option>
            {centers.map((center) => (
              <option key={center.center} value={center.center}>
                {center.center} · {center.name}
              </option>
            ))}
          </select>
        </label>
      </form>

      {state.status === "loading" ? <Loading what="patients" /> : null}
      {state.status === "error" ? <LoadError what="the patient list" error={state.error} /> : null}
      {state.status === "ok" ? (
        <>
          <div className="table-scroll">
            <table className="data-table patient-list" data-testid="patient-list">
              <caption className="visually-hidden">Patients in the study</caption>
              <thead>
                <tr>
                  <th scope="col">Patient</th>
                  <th scope="col">Centre</th>
                  <th scope="col">Cohort</th>
                  <th scope="col">Enrolled</th>
                  <th scope="col">Product</th>
                  <th scope="col" className="num">
                    Age, years
                  </th>
                  <th scope="col">Consent</th>
                </tr>
              </thead>
              <tbody>
                {state.data.patients.map((patient) => (
                  <tr key={patient.id} data-testid="patient-row" data-patient-id={patient.id}>
                    <th scope="row">
                      <Link href={patientPagePath(patient.id)} className="patient-link">
                        {patient.id}
                      </Link>{" "}
                      {patient.synthetic ? <SyntheticBadge /> : null}
                    </th>
                    <td>
                      {patient.center} <span className="muted">{patient.centerName}</span>
                    </td>
                    <td>
                      <span className={`cohort-tag cohort-${patient.cohort === "2L" ? "2l" : "3l"}`}>
                        {patient.cohort}
                      </span>
                    </td>
                    <td>{patient.enrolledOn ?? MISSING_TEXT}</td>
                    <td>{patient.product === null ? MISSING_TEXT : codeLabel("product", patient.product)}</td>
                    <td className="num">{formatNumber(patient.ageYears)}</td>
                    <td>
                      {patient.consent === "withdrawn" ? (
                        <span className="badge badge-warning">withdrawn</span>
                      ) : (
                        "consented"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {state.data.patients.length === 0 ? (
            <p className="empty">No patient matches these filters.</p>
          ) : null}
          <Pager filters={filters} list={state.data} />
        </>
      ) : null}
    </section>
  );
}

function Pager({ filters, list }: { filters: ListFilters; list: PatientList }) {
  const links = pageLinks({
    total: list.total,
    limit: list.limit,
    offset: list.offset,
    shown: list.patients.length,
  });
  return (
    <nav className="pager" aria-label="Patient list pages" data-testid="pager">
      {links.previousOffset === null ? (
        <span className="pager-link disabled" aria-disabled="true">
          ← Previous
        </span>
      ) : (
        <Link
          href={"/" + listFiltersSearch({ ...filters, offset: links.previousOffset })}
          className="pager-link"
          rel="prev"
        >
          ← Previous
        </Link>
      )}
      <span className="pager-summary" data-testid="pager-summary">
        {links.summary}
      </span>
      {links.nextOffset === null ? (
        <span className="pager-link disabled" aria-disabled="true">
          Next →
        </span>
      ) : (
        <Link
          href={"/" + listFiltersSearch({ ...filters, offset: links.nextOffset })}
          className="pager-link"
          rel="next"
        >
          Next →
        </Link>
      )}
    </nav>
  );
}
