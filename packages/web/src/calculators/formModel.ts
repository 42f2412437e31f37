import { parseDaySeries, parseNumberList } from "./inputText.js";
import type { ScaleDocument, ScaleField, ScaleIssue } from "./scaleTypes.js";

/**
 * A calculator form generated from a scale's schema document. The form holds text as typed; the request
 * body is built from it only on Calculate, so a half-typed number never becomes a wrong value.
 */

/** One row of the form: a single field, or one quantity accepted in several units (one unit is sent). */
export type FormItem =
  | { kind: "field"; field: ScaleField }
  | { kind: "quantity"; quantity: string; fields: ScaleField[] };

export interface FormState {
  /** Numbers, series and lists as typed; codes as chosen ("" = not given). */
  text: Record<string, string>;
  /** Booleans: checked or not. */
  checked: Record<string, boolean>;
  /** Code lists: the codes ticked. */
  codes: Record<string, string[]>;
  /** Per quantity, the field (unit) chosen. */
  unitField: Record<string, string>;
  /** Index into inputSets() of the input set in use (scales with alternative inputs). */
  inputSet: number;
}

const ALTERNATIVE_RULE = "alternative_inputs";

/**
 * The scale's alternative input groups. The document may list them as `alternatives.groups`; otherwise
 * only the flattened `alternative_inputs` rule is there, whose first field is one way (e.g. the daily
 * series) and the remaining fields the other (the recorded durations), as the clinical contract declares.
 */
export function inputSets(scale: ScaleDocument): string[][] | null {
  if (scale.alternatives !== undefined && scale.alternatives.groups.length > 1)
    return scale.alternatives.groups;
  const rule = scale.rules.find((r) => r.rule === ALTERNATIVE_RULE);
  if (rule === undefined || rule.fields.length < 2) return null;
  return [rule.fields.slice(0, 1), rule.fields.slice(1)];
}

/** The fields shown for the chosen input set: every field outside the alternatives, plus the chosen group. */
export function visibleFields(scale: ScaleDocument, inputSet: number): ScaleField[] {
  const sets = inputSets(scale);
  if (sets === null) return scale.fields;
  const hidden = new Set(sets.flatMap((group, index) => (index === inputSet ? [] : group)));
  return scale.fields.filter((field) => !hidden.has(field.name));
}

/** Rows in schema order; fields of one quantity share the row of the first of them. */
export function formItems(fields: readonly ScaleField[]): FormItem[] {
  const items: FormItem[] = [];
  const byQuantity = new Map<string, ScaleField[]>();
  for (const field of fields) {
    if (field.quantity === undefined) {
      items.push({ kind: "field", field });
      continue;
    }
    const group = byQuantity.get(field.quantity);
    if (group !== undefined) {
      group.push(field);
      continue;
    }
    const fresh = [field];
    byQuantity.set(field.quantity, fresh);
    items.push({ kind: "quantity", quantity: field.quantity, fields: fresh });
  }
  return items;
}

/** An empty form; each quantity starts in the unit the schema lists first (the scoring unit). */
export function initialFormState(scale: ScaleDocument): FormState {
  const unitField: Record<string, string> = {};
  for (const field of scale.fields) {
    if (field.quantity !== undefined && !(field.quantity in unitField))
      unitField[field.quantity] = field.name;
  }
  return { text: {}, checked: {}, codes: {}, unitField, inputSet: 0 };
}

export type BuiltRequest = { ok: true; body: Record<string, unknown> } | { ok: false; issues: ScaleIssue[] };

/**
 * The POST body for the form. Left empty means absent (the server then says what it could not decide);
 * an unticked yes/no finding is absent too, which the contract reads as "not present". Of a quantity only
 * the chosen unit is sent, of alternative inputs only the chosen set. Text that is not a number is
 * refused here, named by field, before anything is sent.
 */
export function buildRequest(scale: ScaleDocument, state: FormState): BuiltRequest {
  const body: Record<string, unknown> = {};
  const issues: ScaleIssue[] = [];
  for (const field of visibleFields(scale, state.inputSet)) {
    if (field.quantity !== undefined && state.unitField[field.quantity] !== field.name) continue;
    const text = (state.text[field.name] ?? "").trim();
    switch (field.type) {
      case "boolean":
        if (state.checked[field.name] === true) body[field.name] = true;
        else if (field.presence !== "defaults_false") body[field.name] = false;
        break;
      case "code":
        if (text.length > 0) body[field.name] = text;
        break;
      case "code_list":
        // Ticking none of the listed codes says "none of them" (e.g. no vasopressor), which the scales read as [].
        body[field.name] = field.allowed
          ? field.allowed.filter((code) => (state.codes[field.name] ?? []).includes(code))
          : (state.codes[field.name] ?? []);
        break;
      case "number":
      case "integer": {
        if (text.length === 0) break;
        const value = Number(text.replace(",", "."));
        if (Number.isFinite(value)) body[field.name] = value;
        else issues.push({ field: field.name, rule: "type", message: `"${text}" is not a number` });
        break;
      }
      case "day_series":
      case "number_list": {
        if (text.length === 0) break;
        const parsed = field.type === "day_series" ? parseDaySeries(text) : parseNumberList(text);
        if (parsed.ok) body[field.name] = parsed.value;
        else issues.push(...parsed.errors.map((message) => ({ field: field.name, rule: "type", message })));
        break;
      }
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, body };
}

/** A description up to its first aside: "Daily ANC by study day, e.g. {…}" → "Daily ANC by study day". */
function shortDescription(description: string): string {
  const cut = description.search(/, e\.g\.|;| \(/);
  return cut < 0 ? description : description.slice(0, cut);
}

/** What a radio button for one input set says: its fields, by their short descriptions. */
export function inputSetLabel(scale: ScaleDocument, group: readonly string[]): string {
  return group
    .map((name) => {
      const field = scale.fields.find((f) => f.name === name);
      return field === undefined ? name : shortDescription(field.description);
    })
    .join("; ");
}
