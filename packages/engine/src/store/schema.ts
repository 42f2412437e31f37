import type { Generated } from "kysely";

/** Tables of the store (DESIGN.md "Store"); migrations in ./migrations create them on both databases. */
export interface CentersTable {
  id: string;
  name: string;
  ldh_uln_u_per_l: number | null;
  created_at: string;
  audit_seq: number;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  created_at: string;
}

/** center_id "*" means every centre (coordinators, the local operator). */
export interface MembershipsTable {
  user_id: string;
  center_id: string;
  role: string;
  created_at: string;
}

export interface PatientsTable {
  id: string;
  center_id: string;
  cohort: string;
  consent: string;
  synthetic: number;
  created_at: string;
  created_by: string;
  audit_seq: number;
}

/** One version of one value; the current value is the highest version. Rows are never updated. */
export interface ObservationsTable {
  id: Generated<number>;
  patient_id: string;
  time_point: string;
  variable: string;
  version: number;
  /** Canonical text of the value; null in a deletion version. */
  value: string | null;
  value_number: number | null;
  deleted: number;
  recorded_at: string;
  recorded_by: string;
  reason: string | null;
  audit_seq: number;
}

export interface SamplesTable {
  id: string;
  patient_id: string;
  sample_type: string;
  time_point: string;
  collected_at: string | null;
  location: string | null;
  parent_id: string | null;
  status: string;
  created_at: string;
  created_by: string;
  audit_seq: number;
}

/** Content-addressed raw files: the bytes live in the blob folder under their sha256. */
export interface BlobsTable {
  sha256: string;
  size_bytes: number;
  media_type: string;
  created_at: string;
}

export interface AssayFilesTable {
  id: string;
  sample_id: string;
  blob_sha256: string;
  file_name: string;
  assay_type: string;
  parser_version: string | null;
  created_at: string;
  created_by: string;
  audit_seq: number;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  detail: string;
  rows_hash: string | null;
  prev_hash: string;
  hash: string;
}

/** One row (id = 1): the newest audit entry, locked while appending so entries form one chain. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface StudyMetaTable {
  key: string;
  value: string;
}

export interface Database {
  centers: CentersTable;
  users: UsersTable;
  memberships: MembershipsTable;
  patients: PatientsTable;
  observations: ObservationsTable;
  samples: SamplesTable;
  blobs: BlobsTable;
  assay_files: AssayFilesTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  study_meta: StudyMetaTable;
}
