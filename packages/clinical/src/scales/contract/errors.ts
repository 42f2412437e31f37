/** One reason an input was refused: which field, which rule, and what to do about it. */
export interface InputIssue {
  field: string;
  rule: string;
  message: string;
}

/** A `carta score` input that cannot be scored: every problem found, each naming its field and rule. */
export class ScoreInputError extends Error {
  readonly scale: string;
  readonly issues: readonly InputIssue[];

  constructor(scale: string, issues: readonly InputIssue[]) {
    super(`${scale} input refused: ${issues.map(formatIssue).join("; ")}`);
    this.name = "ScoreInputError";
    this.scale = scale;
    this.issues = issues;
  }
}

export function formatIssue(issue: InputIssue): string {
  return `${issue.field}: ${issue.message} [${issue.rule}]`;
}
