import type { PatientDetail } from "../apiTypes.js";
import { useDictionary } from "../dictionary/DictionaryContext.js";
import { formatRecordedAt } from "../format/dates.js";
import { observationValueText } from "./patientFacts.js";

/** Every stored value, form by form, with its version and who recorded it: the audit view of the page. */
export function ObservationTables({ sections }: { sections: PatientDetail["sections"] }) {
  const { timePointLabel } = useDictionary();
  return (
    <section
      className="panel panel-wide"
      aria-labelledby="observations-title"
      id="observations"
      data-testid="observations"
    >
      <h2 id="observations-title">Recorded values by form</h2>
      {sections.length === 0 ? <p className="empty">No values recorded.</p> : null}
      {sections.map((section) => (
        <div key={section.form} className="form-block" data-form={section.form}>
          <h3 id={`form-${section.form}`}>{section.label}</h3>
          <div className="table-scroll">
            <table className="data-table observations" aria-labelledby={`form-${section.form}`}>
              <thead>
                <tr>
                  <th scope="col">Variable</th>
                  <th scope="col">Time point</th>
                  <th scope="col">Value</th>
                  <th scope="col">Unit</th>
                  <th scope="col" className="num">
                    Version
                  </th>
                  <th scope="col">Recorded by</th>
                  <th scope="col">Recorded at</th>
                </tr>
              </thead>
              <tbody>
                {section.observations.map((observation) => (
                  <tr key={`${observation.variable}@${observation.timePoint}`}>
                    <th scope="row">{observation.label}</th>
                    <td>{timePointLabel(observation.timePoint)}</td>
                    <td className="value">{observationValueText(observation)}</td>
                    <td>{observation.unit ?? ""}</td>
                    <td className="num">
                      {observation.version}
                      {observation.version > 1 ? <span className="muted"> (edited)</span> : null}
                    </td>
                    <td>{observation.recordedBy}</td>
                    <td>
                      <time dateTime={observation.recordedAt}>
                        {formatRecordedAt(observation.recordedAt)}
                      </time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </section>
  );
}
