import {
  CsvSyntaxError,
  findTimePoint,
  findVariable,
  formatValue,
  type ObservationValue,
  parseCsv,
  parseValue,
  STUDY_DICTIONARY,
  type VariableDef,
} from "@carta/clinical";
import { type Actor, canWrite } from "../store/actors.js";
import { auditedWrite } from "../store/audit.js";
import { sha256Hex } from "../store/hash.js";
import {
  appendVersions,
  type CurrentValue,
  currentValues,
  type NewVersion,
  observationKey,
} from "../store/observations.js";
import type { Store } from "../store/openStore.js";
import { existingPatients, PATIENT_ID_PATTERN } from "../store/patients.js";
import { type ImportIssue, ImportRejected } from "./importIssue.js";

/**
 * Wide observation CSV: one row per patient × time point; columns `patient_id`, `time_point`, then any
 * entered study variables by dictionary id. Optional patient-level columns `center` and `cohort` enrol
 * a patient not yet in the study; `synthetic` (as written by `export observations`) is checked, not stored.
 * Empty cells leave stored values as they are. The file lands whole or not at all: every problem is
 * collected with its line, byte offset, column and value, and any problem refuses the whole file.
 */
export interface ObservationImportOptions {
  fileName: string;
  text: string;
  reason?: string | null;
}

export interface ObservationImportSummary {
  file: string;
  sha256: string;
  rows: number;
  values: number;
  newVersions: number;
  unchanged: number;
  patientsEnrolled: number;
  auditSeq: number | null;
}

const KEY_COLUMNS = ["patient_id", "time_point"] as const;
const PATIENT_COLUMNS = new Set(["center", "cohort", "synthetic"]);

interface ParsedCell {
  variable: VariableDef;
  value: ObservationValue;
  column: number;
}

interface ParsedRow {
  line: number;
  byteOffset: number;
  patientId: string;
  timePoint: string;
  center: string | null;
  cohort: string | null;
  cells: ParsedCell[];
}

export async function importObservationsCsv(
  store: Store,
  actor: Actor,
  now: () => string,
  options: ObservationImportOptions,
): Promise<ObservationImportSummary> {
  const file = options.fileName;
  const issues: ImportIssue[] = [];
  const issue = (
    line: number | null,
    byteOffset: number | null,
    column: string | null,
    value: string | null,
    message: string,
  ) => issues.push({ file, line, byteOffset, column, value, message });

  let table: ReturnType<typeof parseCsv>;
  try {
    table = parseCsv(options.text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) {
      issue(err.line, err.byteOffset, null, null, err.message.replace(/^line \d+ \(byte \d+\): /, ""));
      throw new ImportRejected(file, issues);
    }
    throw err;
  }
  // A trailing empty line parses as one empty field; it is not a row.
  const rows = table.filter((r) => !(r.fields.length === 1 && r.fields[0] === ""));
  const header = rows[0];
  if (!header) {
    issue(null, null, null, null, "the file is empty (expected a header row)");
    throw new ImportRejected(file, issues);
  }

  // ---- header ----
  const columns = header.fields.map((f) => f.trim());
  const seenColumns = new Map<string, number>();
  const variableAt: (VariableDef | null)[] = [];
  columns.forEach((name, i) => {
    if (seenColumns.has(name))
      issue(header.line, header.byteOffset, name, null, "column appears twice in the header");
    seenColumns.set(name, i);
    if ((KEY_COLUMNS as readonly string[]).includes(name) || PATIENT_COLUMNS.has(name)) {
      variableAt.push(null);
      return;
    }
    const v = findVariable(name);
    if (!v)
      issue(
        header.line,
        header.byteOffset,
        name,
        null,
        "unknown column: not a variable of the study dictionary",
      );
    else if (v.derivation)
      issue(header.line, header.byteOffset, name, null, "derived variable: computed by carta, not imported");
    variableAt.push(v && !v.derivation ? v : null);
  });
  for (const key of KEY_COLUMNS) {
    if (!seenColumns.has(key))
      issue(header.line, header.byteOffset, key, null, `required column "${key}" is missing`);
  }
  if (issues.length) throw new ImportRejected(file, issues);
  const col = (name: string) => seenColumns.get(name);

  // ---- rows ----
  const parsed: ParsedRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const r of rows.slice(1)) {
    if (r.fields.length !== columns.length) {
      issue(
        r.line,
        r.byteOffset,
        null,
        null,
        `row has ${r.fields.length} fields, the header has ${columns.length} (truncated or misaligned row?)`,
      );
      continue;
    }
    const cell = (name: string) => {
      const i = col(name);
      return i === undefined ? null : r.fields[i]!.trim();
    };
    const patientId = cell("patient_id")!;
    const timePoint = cell("time_point")!;
    let rowOk = true;
    if (!PATIENT_ID_PATTERN.test(patientId)) {
      issue(
        r.line,
        r.byteOffset,
        "patient_id",
        patientId,
        "not a pseudonymous study id (2–40 letters, digits, - or _)",
      );
      rowOk = false;
    }
    if (!findTimePoint(timePoint)) {
      issue(r.line, r.byteOffset, "time_point", timePoint, "unknown time point");
      rowOk = false;
    }
    const cohort = cell("cohort") || null;
    if (cohort !== null && cohort !== "2L" && cohort !== "3L+")
      issue(r.line, r.byteOffset, "cohort", cohort, "cohort must be 2L or 3L+");
    const synthetic = cell("synthetic");
    if (synthetic && !["true", "false"].includes(synthetic))
      issue(r.line, r.byteOffset, "synthetic", synthetic, "expected true or false");
    if (rowOk) {
      const key = `${patientId}\u0000${timePoint}`;
      const first = firstLineOf.get(key);
      if (first !== undefined) {
        issue(
          r.line,
          r.byteOffset,
          "time_point",
          timePoint,
          `duplicate row: patient ${patientId} at ${timePoint} already on line ${first}`,
        );
        rowOk = false;
      } else firstLineOf.set(key, r.line);
    }
    const cells: ParsedCell[] = [];
    r.fields.forEach((raw, i) => {
      const v = variableAt[i];
      const text = raw.trim();
      if (!v || text === "") return;
      if (rowOk && !v.timePoints.includes(timePoint)) {
        issue(
          r.line,
          r.byteOffset,
          v.id,
          text,
          `not collected at time point ${timePoint} (allowed: ${v.timePoints.join(", ")})`,
        );
        return;
      }
      const result = parseValue(v, text);
      if (!result.ok) issue(r.line, r.byteOffset, v.id, text, result.message);
      else cells.push({ variable: v, value: result.value, column: i });
    });
    if (rowOk)
      parsed.push({
        line: r.line,
        byteOffset: r.byteOffset,
        patientId,
        timePoint,
        center: cell("center") || null,
        cohort,
        cells,
      });
  }

  // ---- patients: existing ones must be writable; new ones need centre and cohort ----
  const ids = [...new Set(parsed.map((p) => p.patientId))];
  const existing = await existingPatients(store.db, ids);
  const centers = new Set((await store.db.selectFrom("centers").select("id").execute()).map((c) => c.id));
  const toEnrol = new Map<string, { center: string; cohort: string; line: number }>();
  for (const p of parsed) {
    const known = existing.get(p.patientId);
    if (known) {
      if (!canWrite(actor, known.center))
        issue(p.line, p.byteOffset, "patient_id", p.patientId, `you may not write to centre ${known.center}`);
      if (p.center && p.center !== known.center)
        issue(p.line, p.byteOffset, "center", p.center, `patient belongs to centre ${known.center}`);
      if (p.cohort && p.cohort !== known.cohort)
        issue(p.line, p.byteOffset, "cohort", p.cohort, `patient is in cohort ${known.cohort}`);
      continue;
    }
    const planned = toEnrol.get(p.patientId);
    if (planned) {
      if ((p.center && p.center !== planned.center) || (p.cohort && p.cohort !== planned.cohort)) {
        issue(
          p.line,
          p.byteOffset,
          "center",
          p.center,
          `centre/cohort differ from line ${planned.line} for the same patient`,
        );
      }
      continue;
    }
    if (!p.center || !p.cohort) {
      issue(
        p.line,
        p.byteOffset,
        "patient_id",
        p.patientId,
        "unknown patient: enrol first, or give center and cohort columns",
      );
    } else if (!centers.has(p.center)) {
      issue(p.line, p.byteOffset, "center", p.center, "unknown centre");
    } else if (!canWrite(actor, p.center)) {
      issue(p.line, p.byteOffset, "center", p.center, `you may not enrol patients in centre ${p.center}`);
    } else toEnrol.set(p.patientId, { center: p.center, cohort: p.cohort, line: p.line });
  }

  // ---- dates in order, against stored values too ----
  const stored = await currentValues(store.db, [...existing.keys()]);
  checkDateOrder(parsed, stored, file, issues);

  if (issues.length) throw new ImportRejected(file, issues);

  // ---- write: only values that differ from the current version ----
  const versions: NewVersion[] = [];
  let values = 0;
  for (const p of parsed) {
    for (const c of p.cells) {
      values++;
      const prev = stored.get(observationKey(p.patientId, p.timePoint, c.variable.id));
      if (prev && prev.value === formatValue(c.value)) continue;
      versions.push({
        patientId: p.patientId,
        timePoint: p.timePoint,
        variable: c.variable.id,
        value: c.value,
      });
    }
  }
  const sha256 = sha256Hex(options.text);
  const summary: ObservationImportSummary = {
    file,
    sha256,
    rows: parsed.length,
    values,
    newVersions: versions.length,
    unchanged: values - versions.length,
    patientsEnrolled: toEnrol.size,
    auditSeq: null,
  };
  if (versions.length === 0 && toEnrol.size === 0) return summary;
  const reason = options.reason ?? `import ${file}`;
  return auditedWrite(
    store,
    now,
    {
      actor: actor.userId,
      action: "import",
      entity: "observations",
      entityId: sha256,
      detail: {
        file,
        sha256,
        rows: parsed.length,
        newVersions: versions.length,
        patientsEnrolled: toEnrol.size,
        reason,
      },
    },
    async (trx, seq, at) => {
      if (toEnrol.size) {
        const enrol = [...toEnrol].map(([id, e]) => ({
          id,
          center_id: e.center,
          cohort: e.cohort,
          consent: "consented",
          synthetic: 0,
          created_at: at,
          created_by: actor.userId,
          audit_seq: seq,
        }));
        await store.bulkInsert(trx, "patients", enrol);
      }
      await appendVersions(store, trx, versions, stored, { at, by: actor.userId, reason, auditSeq: seq });
      return { ...summary, auditSeq: seq };
    },
  );
}

function checkDateOrder(
  parsed: readonly ParsedRow[],
  stored: ReadonlyMap<string, CurrentValue>,
  file: string,
  issues: ImportIssue[],
): void {
  // Per patient: each date variable's value and where it came from (file line, or stored).
  const dates = new Map<string, Map<string, { value: string; row: ParsedRow | null }>>();
  for (const s of stored.values()) {
    const v = findVariable(s.variable);
    if (v?.type !== "date" || s.value === null) continue;
    let m = dates.get(s.patientId);
    if (!m) dates.set(s.patientId, (m = new Map()));
    m.set(s.variable, { value: s.value, row: null });
  }
  for (const p of parsed) {
    for (const c of p.cells) {
      if (c.variable.type !== "date") continue;
      let m = dates.get(p.patientId);
      if (!m) dates.set(p.patientId, (m = new Map()));
      m.set(c.variable.id, { value: c.value as string, row: p });
    }
  }
  for (const [patientId, m] of dates) {
    for (const rule of STUDY_DICTIONARY.dateOrder) {
      const a = m.get(rule.earlier);
      const b = m.get(rule.later);
      if (!a || !b || a.value <= b.value) continue;
      if (!a.row && !b.row) continue; // both stored: not this file's doing
      const at = b.row ?? a.row!;
      issues.push({
        file,
        line: at.line,
        byteOffset: at.byteOffset,
        column: b.row ? rule.later : rule.earlier,
        value: b.row ? b.value : a.value,
        message: `dates out of order for ${patientId}: ${rule.later} ${b.value} is before ${rule.earlier} ${a.value}`,
      });
    }
  }
}
