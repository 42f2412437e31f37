/** One problem found in an imported file, with the place a user needs to fix it. */
export interface ImportIssue {
  file: string;
  /** 1-based line in the file (the header is line 1); null for whole-file problems. */
  line: number | null;
  byteOffset: number | null;
  column: string | null;
  value: string | null;
  message: string;
}

export function formatIssue(i: ImportIssue): string {
  const place = [
    i.file,
    i.line !== null ? `line ${i.line}` : null,
    i.byteOffset !== null ? `byte ${i.byteOffset}` : null,
    i.column !== null ? `column ${i.column}` : null,
  ]
    .filter(Boolean)
    .join(", ");
  const value = i.value !== null ? ` (value ${JSON.stringify(i.value)})` : "";
  return `${place}: ${i.message}${value}`;
}

/** An import refused as a whole: nothing was written. */
export class ImportRejected extends Error {
  constructor(
    readonly file: string,
    readonly issues: ImportIssue[],
  ) {
    super(
      `${file}: import refused, ${issues.length} error${issues.length === 1 ? "" : "s"}; nothing was stored`,
    );
    this.name = "ImportRejected";
  }
}
