/**
 * A model file carta cannot use: the message says which file, which field (a JSON path such as
 * `trees[3].split_condition`) and what was expected, so the file can be fixed or replaced.
 */
export class TreeModelError extends Error {
  readonly source: string;
  readonly field: string;

  constructor(source: string, field: string, problem: string) {
    super(`${source}: ${field === "" ? "" : `${field}: `}${problem}`);
    this.name = "TreeModelError";
    this.source = source;
    this.field = field;
  }
}
