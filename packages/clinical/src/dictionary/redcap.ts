import { formatCsv } from "../csv/csv.js";
import type { StudyDictionary, VariableDef } from "./types.js";

/**
 * REDCap data-dictionary export: the standard 18 columns in REDCap's order, REDCap field types
 * (text, radio, dropdown, yesno) and validation types (number, integer, date_ymd). Time points become
 * REDCap events of a longitudinal project; `redcapInstrumentEventMapping` gives the form ↔ event map.
 * Derived fields are exported read-only (@READONLY) with their rule in the field note, since their
 * inputs span several events and carta computes them.
 */
export const REDCAP_COLUMNS = [
  "Variable / Field Name",
  "Form Name",
  "Section Header",
  "Field Type",
  "Field Label",
  "Choices, Calculations, OR Slider Labels",
  "Field Note",
  "Text Validation Type OR Show Slider Number",
  "Text Validation Min",
  "Text Validation Max",
  "Identifier?",
  "Branching Logic (Show field only if...)",
  "Required Field?",
  "Custom Alignment",
  "Question Number (surveys only)",
  "Matrix Group Name",
  "Matrix Ranking?",
  "Field Annotation",
] as const;

/** REDCap raw codes: letters, digits and underscores only. */
export function redcapCode(code: string): string {
  return code.replaceAll("+", "plus").replace(/[^A-Za-z0-9_]/g, "_");
}

function fieldType(v: VariableDef): string {
  if (v.derivation) return "text";
  switch (v.type) {
    case "boolean":
      return "yesno";
    case "code":
      return (v.codes?.length ?? 0) > 6 ? "dropdown" : "radio";
    default:
      return "text";
  }
}

function validation(v: VariableDef): string {
  switch (v.type) {
    case "number":
      return "number";
    case "integer":
      return "integer";
    case "date":
      return "date_ymd";
    default:
      return "";
  }
}

function branching(v: VariableDef): string {
  if (!v.showIf) return "";
  return v.showIf.notIn.map((code) => `[${v.showIf!.variable}] <> '${redcapCode(code)}'`).join(" and ");
}

function note(v: VariableDef): string {
  const parts: string[] = [];
  if (v.unit) parts.push(v.unit);
  if (v.derivation) parts.push(`Derived by carta: ${v.derivation.rule}`);
  if (v.note) parts.push(v.note);
  return parts.join(" — ");
}

function row(v: VariableDef, sectionHeader: string): string[] {
  const numeric = v.type === "number" || v.type === "integer";
  return [
    v.id,
    v.form,
    sectionHeader,
    fieldType(v),
    v.label,
    v.codes && !v.derivation
      ? v.codes.map((c) => `${redcapCode(c.code)}, ${c.label.replaceAll("|", "/")}`).join(" | ")
      : "",
    note(v),
    validation(v),
    numeric && v.range ? String(v.range.min) : "",
    numeric && v.range ? String(v.range.max) : "",
    "",
    branching(v),
    v.required && !v.derivation ? "y" : "",
    "",
    "",
    "",
    "",
    v.derivation ? "@READONLY" : "",
  ];
}

export function redcapDataDictionary(dictionary: StudyDictionary): string {
  const empty = (n: number) => Array.from({ length: n }, () => "");
  // REDCap requires the record-id field first, on the first instrument.
  const first = dictionary.forms[0]!.id;
  const enrolmentFields = [
    [
      "record_id",
      first,
      "Study",
      "text",
      "Study ID (pseudonymous)",
      "",
      "No direct identifiers",
      ...empty(11),
    ],
    ["center", first, "", "text", "Centre code", "", "", "", "", "", "", "", "y", ...empty(5)],
    [
      "cohort",
      first,
      "",
      "radio",
      "Cohort",
      "2L, Second line (2L) | 3Lplus, Third line or later (3L+)",
      "",
      "",
      "",
      "",
      "",
      "",
      "y",
      ...empty(5),
    ],
    [
      "consent",
      first,
      "",
      "radio",
      "Consent status",
      "consented, Consented | withdrawn, Withdrawn",
      "",
      "",
      "",
      "",
      "",
      "",
      "y",
      ...empty(5),
    ],
  ];
  const rows: string[][] = [[...REDCAP_COLUMNS], ...enrolmentFields];
  let lastForm = first;
  for (const form of dictionary.forms) {
    for (const v of dictionary.variables.filter((x) => x.form === form.id)) {
      const header = form.id !== lastForm ? form.label : "";
      lastForm = form.id;
      rows.push(row(v, header));
    }
  }
  return formatCsv(rows);
}

/** REDCap unique event name for a time point (arm 1). */
export function redcapEventName(timePoint: string): string {
  return `${timePoint}_arm_1`;
}

/** Instrument-designation CSV (arm_num, unique_event_name, form): which forms each time point collects. */
export function redcapInstrumentEventMapping(dictionary: StudyDictionary): string {
  const rows: string[][] = [["arm_num", "unique_event_name", "form"]];
  for (const tp of dictionary.timePoints) {
    const forms = dictionary.forms.filter((f) =>
      dictionary.variables.some((v) => v.form === f.id && v.timePoints.includes(tp.id)),
    );
    const first = dictionary.forms[0]!.id;
    if (tp.id === "decision" && !forms.some((f) => f.id === first)) forms.unshift(dictionary.forms[0]!);
    for (const f of forms) rows.push(["1", redcapEventName(tp.id), f.id]);
  }
  return formatCsv(rows);
}
