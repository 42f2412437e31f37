import type { ReactNode } from "react";
import type { FormState } from "./formModel.js";
import { issueText } from "./issues.js";
import { presenceLabel, rangeText, readableCode } from "./resultView.js";
import type { ScaleField, ScaleIssue } from "./scaleTypes.js";

export interface FieldInputProps {
  state: FormState;
  onChange: (next: FormState) => void;
  issues: readonly ScaleIssue[];
}

function inputId(name: string): string {
  return "calc-" + name;
}

function FieldIssues({ id, issues }: { id: string; issues: readonly ScaleIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul className="field-issues" id={id} data-testid="calculator-field-issue">
      {issues.map((issue) => (
        <li key={issue.field + issue.rule + issue.message}>{issueText(issue)}</li>
      ))}
    </ul>
  );
}

function Hints({ id, lines }: { id: string; lines: (string | null | undefined)[] }) {
  const shown = lines.filter((line): line is string => typeof line === "string" && line.length > 0);
  if (shown.length === 0) return null;
  return (
    <p className="field-hint" id={id}>
      {shown.join(" · ")}
    </p>
  );
}

function FieldShell({
  field,
  label,
  issues,
  children,
  hints,
  group = false,
}: {
  field: ScaleField;
  label: ReactNode;
  issues: readonly ScaleIssue[];
  children: ReactNode;
  hints: (string | null | undefined)[];
  /** Several controls under one legend (a fieldset) rather than one labelled control. */
  group?: boolean;
}) {
  const id = inputId(field.name);
  const className = "calc-field" + (group ? " calc-fieldset" : "") + (issues.length > 0 ? " has-issues" : "");
  const content = (
    <>
      {label}
      {children}
      <Hints id={id + "-hint"} lines={hints} />
      <FieldIssues id={id + "-issues"} issues={issues} />
    </>
  );
  return group ? (
    <fieldset className={className} data-field={field.name} aria-describedby={describedBy(field, issues)}>
      {content}
    </fieldset>
  ) : (
    <div className={className} data-field={field.name}>
      {content}
    </div>
  );
}

function FieldLabel({ field, htmlFor }: { field: ScaleField; htmlFor?: string }) {
  const content = (
    <>
      <span className="field-label">{field.description}</span>{" "}
      <span className={"field-presence presence-" + field.presence}>{presenceLabel(field.presence)}</span>{" "}
      <code className="field-name">{field.name}</code>
    </>
  );
  return htmlFor === undefined ? (
    <legend className="field-legend">{content}</legend>
  ) : (
    <label className="field-legend" htmlFor={htmlFor}>
      {content}
    </label>
  );
}

function describedBy(field: ScaleField, issues: readonly ScaleIssue[]): string {
  const id = inputId(field.name);
  return issues.length > 0 ? `${id}-hint ${id}-issues` : `${id}-hint`;
}

/** One schema field as a form control: its type decides the control, its unit and range the hints. */
export function FieldInput({ field, state, onChange, issues }: FieldInputProps & { field: ScaleField }) {
  const id = inputId(field.name);
  const invalid = issues.length > 0;
  const setText = (value: string) => onChange({ ...state, text: { ...state.text, [field.name]: value } });

  switch (field.type) {
    case "boolean":
      return (
        <FieldShell field={field} issues={issues} hints={[field.needed_when]} label={null}>
          <label className="field-check">
            <input
              type="checkbox"
              id={id}
              name={field.name}
              checked={state.checked[field.name] === true}
              aria-invalid={invalid}
              onChange={(event) =>
                onChange({ ...state, checked: { ...state.checked, [field.name]: event.target.checked } })
              }
            />{" "}
            <span className="field-label">{field.description}</span>{" "}
            <code className="field-name">{field.name}</code>
          </label>
        </FieldShell>
      );
    case "code":
      return (
        <FieldShell
          field={field}
          issues={issues}
          hints={[field.needed_when]}
          label={<FieldLabel field={field} htmlFor={id} />}
        >
          <select
            id={id}
            name={field.name}
            value={state.text[field.name] ?? ""}
            aria-invalid={invalid}
            aria-describedby={describedBy(field, issues)}
            onChange={(event) => setText(event.target.value)}
          >
            <option value="">— not given —</option>
            {(field.allowed ?? []).map((code) => (
              <option key={code} value={code}>
                {readableCode(code)}
              </option>
            ))}
          </select>
        </FieldShell>
      );
    case "code_list": {
      const ticked = state.codes[field.name] ?? [];
      const toggle = (code: string, on: boolean) => {
        const next = on ? [...ticked, code] : ticked.filter((c) => c !== code);
        onChange({ ...state, codes: { ...state.codes, [field.name]: next } });
      };
      return (
        <FieldShell
          field={field}
          issues={issues}
          group
          hints={["tick none for none", field.needed_when]}
          label={<FieldLabel field={field} />}
        >
          <div className="field-options">
            {(field.allowed ?? []).map((code) => (
              <label key={code} className="field-check">
                <input
                  type="checkbox"
                  name={field.name}
                  value={code}
                  checked={ticked.includes(code)}
                  onChange={(event) => toggle(code, event.target.checked)}
                />{" "}
                {readableCode(code)}
              </label>
            ))}
          </div>
        </FieldShell>
      );
    }
    case "day_series":
    case "number_list": {
      const series = field.type === "day_series";
      const days = field.days ? `days ${field.days.min}–${field.days.max}` : null;
      return (
        <FieldShell
          field={field}
          issues={issues}
          hints={[
            series
              ? `one line per day, "day: value"${field.unit ? ` in ${field.unit}` : ""}`
              : `values separated by commas or new lines${field.unit ? `, in ${field.unit}` : ""}`,
            days,
            rangeText(field),
            field.needed_when,
          ]}
          label={<FieldLabel field={field} htmlFor={id} />}
        >
          <textarea
            id={id}
            name={field.name}
            rows={series ? 8 : 3}
            value={state.text[field.name] ?? ""}
            placeholder={series ? "0: 1800\n1: 900\n2: 450" : "1200, 800, 450"}
            aria-invalid={invalid}
            aria-describedby={describedBy(field, issues)}
            onChange={(event) => setText(event.target.value)}
          />
        </FieldShell>
      );
    }
    case "number":
    case "integer":
      return (
        <FieldShell
          field={field}
          issues={issues}
          hints={[rangeText(field) && `physical range ${rangeText(field)}`, field.needed_when]}
          label={<FieldLabel field={field} htmlFor={id} />}
        >
          <span className="field-number">
            <input
              type="text"
              inputMode={field.type === "integer" ? "numeric" : "decimal"}
              id={id}
              name={field.name}
              value={state.text[field.name] ?? ""}
              aria-invalid={invalid}
              aria-describedby={describedBy(field, issues)}
              onChange={(event) => setText(event.target.value)}
            />
            {field.unit !== null ? <span className="field-unit">{field.unit}</span> : null}
          </span>
        </FieldShell>
      );
  }
}

/** A quantity accepted in several units: one number and the unit it is in; only that unit's field is sent. */
export function QuantityInput({
  fields,
  quantity,
  state,
  onChange,
  issues,
}: FieldInputProps & { fields: readonly ScaleField[]; quantity: string }) {
  const chosenName = state.unitField[quantity] ?? fields[0]!.name;
  const chosen = fields.find((f) => f.name === chosenName) ?? fields[0]!;
  const id = inputId(chosen.name);
  const unitId = "calc-unit-" + quantity;
  const invalid = issues.length > 0;
  const chooseUnit = (name: string) => {
    // The number typed stays with the row: switching unit re-labels it rather than losing it.
    const typed = state.text[chosen.name] ?? "";
    onChange({
      ...state,
      unitField: { ...state.unitField, [quantity]: name },
      text: { ...state.text, [chosen.name]: "", [name]: typed },
    });
  };
  return (
    <FieldShell
      field={chosen}
      issues={issues}
      hints={[rangeText(chosen) && `physical range ${rangeText(chosen)}`, chosen.needed_when]}
      label={<FieldLabel field={chosen} htmlFor={id} />}
    >
      <span className="field-number" data-quantity={quantity}>
        <input
          type="text"
          inputMode="decimal"
          id={id}
          name={chosen.name}
          value={state.text[chosen.name] ?? ""}
          aria-invalid={invalid}
          aria-describedby={describedBy(chosen, issues)}
          onChange={(event) =>
            onChange({ ...state, text: { ...state.text, [chosen.name]: event.target.value } })
          }
        />
        <label className="visually-hidden" htmlFor={unitId}>
          Unit of {quantity}
        </label>
        <select id={unitId} value={chosen.name} onChange={(event) => chooseUnit(event.target.value)}>
          {fields.map((f) => (
            <option key={f.name} value={f.name}>
              {f.unit ?? f.name}
            </option>
          ))}
        </select>
      </span>
    </FieldShell>
  );
}
