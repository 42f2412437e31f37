import type { ScaleIssue } from "./scaleTypes.js";

export interface MappedIssues {
  /** Issues by the form field they belong to. */
  byField: Record<string, ScaleIssue[]>;
  /** Issues of no field on the form (unknown fields, "(input)"), shown above the form. */
  general: ScaleIssue[];
}

/** The field an issue is about: `vasopressors_in_use[0]` and `daily_anc….5` belong to their field. */
export function issueFieldName(issue: ScaleIssue): string {
  return issue.field.split(/[.[]/)[0] ?? issue.field;
}

/** Places each issue next to its field when that field is on the form, else in the general list. */
export function mapIssues(issues: readonly ScaleIssue[], formFields: readonly string[]): MappedIssues {
  const known = new Set(formFields);
  const byField: Record<string, ScaleIssue[]> = {};
  const general: ScaleIssue[] = [];
  for (const issue of issues) {
    const name = issueFieldName(issue);
    if (!known.has(name)) {
      general.push(issue);
      continue;
    }
    byField[name] = [...(byField[name] ?? []), issue];
  }
  return { byField, general };
}

/** The text shown for one issue; a path inside the field (an element of a list) is kept to point at it. */
export function issueText(issue: ScaleIssue): string {
  const inside = issue.field.slice(issueFieldName(issue).length);
  return inside.length > 0 ? `${inside.replace(/^\./, "day ")}: ${issue.message}` : issue.message;
}
