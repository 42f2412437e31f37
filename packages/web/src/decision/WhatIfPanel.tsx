import { useState } from "react";
import type { WhatIf } from "../lab/labApiTypes.js";
import { formatFeatureValue } from "../lab/labFormat.js";
import { decisionReportPdfPath } from "../lab/labPaths.js";
import { cellText, type WhatIfField } from "../lab/whatIf.js";

/** Inputs shown before "show all": the most influential ones for this patient. */
const FIRST_INPUTS = 12;

export interface WhatIfPanelProps {
  patientId: string;
  /** Ordered by influence (byInfluence). */
  fields: readonly WhatIfField[];
  edits: Readonly<Record<string, string>>;
  errors: Readonly<Record<string, string>>;
  whatIf: WhatIf;
  onEdit: (feature: string, text: string | null) => void;
  onResetAll: () => void;
  codeLabel: (feature: string, code: string) => string;
}

function inputId(feature: string): string {
  return `what-if-${feature}`;
}

/**
 * The what-if panel (JOURNEYS.md §1.5): each input of the patient's models, typed from the dictionary,
 * starting at the recorded value; a change recomputes every model that uses the input.
 */
export function WhatIfPanel(props: WhatIfPanelProps) {
  const { patientId, fields, edits, errors, whatIf, onEdit, onResetAll, codeLabel } = props;
  const [showAll, setShowAll] = useState(false);
  const changed = Object.keys(whatIf).length;
  const shown = showAll ? fields : fields.filter((f, i) => i < FIRST_INPUTS || f.feature in edits);
  return (
    <aside className="panel what-if-panel" aria-labelledby="what-if-title" data-testid="what-if-panel">
      <h2 id="what-if-title">What if?</h2>
      <p className="note">
        Change an input to see how the estimates move; the recorded values are not changed. Inputs are ordered
        by how much they weigh in this patient's predictions.
      </p>
      <p className="what-if-actions">
        <a
          href={decisionReportPdfPath(patientId, whatIf)}
          data-testid="decision-pdf"
          target="_blank"
          rel="noopener"
        >
          Print one-page PDF{changed > 0 ? ` (with ${changed} what-if value${changed === 1 ? "" : "s"})` : ""}
        </a>
        {changed > 0 || Object.keys(edits).length > 0 ? (
          <button type="button" className="button-link" onClick={onResetAll} data-testid="what-if-reset-all">
            Back to the recorded values
          </button>
        ) : null}
      </p>
      <div className="what-if-fields">
        {shown.map((field) => (
          <WhatIfInput
            key={field.feature}
            field={field}
            text={edits[field.feature]}
            error={errors[field.feature] ?? null}
            overridden={field.feature in whatIf}
            onEdit={onEdit}
            codeLabel={codeLabel}
          />
        ))}
      </div>
      {fields.length > FIRST_INPUTS ? (
        <button type="button" className="button-link" onClick={() => setShowAll(!showAll)}>
          {showAll ? "Show the most influential inputs only" : `Show all ${fields.length} inputs`}
        </button>
      ) : null}
    </aside>
  );
}

function WhatIfInput({
  field,
  text,
  error,
  overridden,
  onEdit,
  codeLabel,
}: {
  field: WhatIfField;
  text: string | undefined;
  error: string | null;
  overridden: boolean;
  onEdit: (feature: string, text: string | null) => void;
  codeLabel: (feature: string, code: string) => string;
}) {
  const id = inputId(field.feature);
  const value = text ?? cellText(field.recorded);
  const recorded = formatFeatureValue(field.recorded, {
    unit: field.unit,
    type: field.type,
    codeLabel: (code) => codeLabel(field.feature, code),
  });
  const className =
    "what-if-field" + (overridden ? " is-overridden" : "") + (error !== null ? " has-issues" : "");
  return (
    <div className={className} data-feature={field.feature} data-testid="what-if-field">
      <label htmlFor={id} className="what-if-label">
        {field.label}
        {field.unit ? <span className="field-unit"> ({field.unit})</span> : null}
      </label>
      <div className="what-if-control">
        {field.options.length > 0 ? (
          <select id={id} value={value} onChange={(event) => onEdit(field.feature, event.target.value)}>
            {field.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={id}
            type="text"
            inputMode="decimal"
            value={value}
            aria-invalid={error !== null}
            aria-describedby={`${id}-hint`}
            onChange={(event) => onEdit(field.feature, event.target.value)}
          />
        )}
        {text !== undefined ? (
          <button
            type="button"
            className="button-link"
            onClick={() => onEdit(field.feature, null)}
            aria-label={`Reset ${field.label} to the recorded value`}
          >
            reset
          </button>
        ) : null}
      </div>
      <p className="field-hint" id={`${id}-hint`}>
        recorded: {recorded} · used by {field.models.join(", ")}
      </p>
      {error !== null ? (
        <p className="field-issues" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
