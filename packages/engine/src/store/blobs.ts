import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AccessDenied, type Actor, canWrite } from "./actors.js";
import { auditedWrite } from "./audit.js";
import { sha256Hex } from "./hash.js";
import type { Store } from "./openStore.js";

/**
 * Raw assay files as content-addressed blobs: the bytes live once under blobs/<sha[0:2]>/<sha256>,
 * whatever name or sample they arrive with (the same bytes uploaded twice are recognised), and an
 * assay-file row links a blob to a sample with the parser version that will read it.
 */
export function blobPath(store: Store, sha256: string): string {
  return join(store.blobDir, sha256.slice(0, 2), sha256);
}

/** Writes the bytes if they are new; the file appears whole or not at all (write, then rename). */
function writeBlobFile(store: Store, sha256: string, bytes: Uint8Array): void {
  const path = blobPath(store, sha256);
  if (existsSync(path)) return;
  mkdirSync(join(store.blobDir, sha256.slice(0, 2)), { recursive: true });
  const partial = `${path}.partial-${process.pid}`;
  writeFileSync(partial, bytes);
  renameSync(partial, path);
}

export function readBlob(store: Store, sha256: string): Uint8Array {
  const bytes = readFileSync(blobPath(store, sha256));
  if (sha256Hex(bytes) !== sha256)
    throw new Error(`blob ${sha256} is corrupted: its bytes no longer hash to its name`);
  return bytes;
}

export interface SampleInput {
  id: string;
  patientId: string;
  sampleType: string;
  timePoint: string;
  collectedAt?: string | null;
  location?: string | null;
  parentId?: string | null;
}

export async function addSample(
  store: Store,
  actor: Actor,
  now: () => string,
  sample: SampleInput,
): Promise<void> {
  const patient = await store.db
    .selectFrom("patients")
    .select(["center_id"])
    .where("id", "=", sample.patientId)
    .executeTakeFirst();
  if (!patient) throw new Error(`sample ${sample.id}: unknown patient ${sample.patientId}`);
  if (!canWrite(actor, patient.center_id))
    throw new AccessDenied(`you may not write to centre ${patient.center_id}`);
  await auditedWrite(
    store,
    now,
    {
      actor: actor.userId,
      action: "create",
      entity: "sample",
      entityId: sample.id,
      detail: { patient: sample.patientId },
    },
    async (trx, seq, at) => {
      await trx
        .insertInto("samples")
        .values({
          id: sample.id,
          patient_id: sample.patientId,
          sample_type: sample.sampleType,
          time_point: sample.timePoint,
          collected_at: sample.collectedAt ?? null,
          location: sample.location ?? null,
          parent_id: sample.parentId ?? null,
          status: "available",
          created_at: at,
          created_by: actor.userId,
          audit_seq: seq,
        })
        .execute();
    },
  );
}

export interface AssayFileInput {
  id: string;
  sampleId: string;
  fileName: string;
  assayType: string;
  mediaType: string;
  parserVersion?: string | null;
  bytes: Uint8Array;
}

export interface StoredAssayFile {
  id: string;
  sha256: string;
  sizeBytes: number;
  /** True when these bytes were already in the store (a duplicate upload). */
  duplicateBytes: boolean;
}

export async function addAssayFile(
  store: Store,
  actor: Actor,
  now: () => string,
  file: AssayFileInput,
): Promise<StoredAssayFile> {
  const sample = await store.db
    .selectFrom("samples")
    .innerJoin("patients", "patients.id", "samples.patient_id")
    .select(["patients.center_id"])
    .where("samples.id", "=", file.sampleId)
    .executeTakeFirst();
  if (!sample) throw new Error(`${file.fileName}: unknown sample ${file.sampleId}`);
  if (!canWrite(actor, sample.center_id))
    throw new AccessDenied(`you may not write to centre ${sample.center_id}`);
  const sha256 = sha256Hex(file.bytes);
  const known = await store.db
    .selectFrom("blobs")
    .select("sha256")
    .where("sha256", "=", sha256)
    .executeTakeFirst();
  // The bytes go to disk before the rows that point at them commit; an orphan file is harmless.
  writeBlobFile(store, sha256, file.bytes);
  await auditedWrite(
    store,
    now,
    {
      actor: actor.userId,
      action: "upload",
      entity: "assay_file",
      entityId: file.id,
      detail: { sample: file.sampleId, file: file.fileName, sha256, size: file.bytes.length },
    },
    async (trx, seq, at) => {
      if (!known) {
        await trx
          .insertInto("blobs")
          .values({ sha256, size_bytes: file.bytes.length, media_type: file.mediaType, created_at: at })
          .onConflict((oc) => oc.column("sha256").doNothing())
          .execute();
      }
      await trx
        .insertInto("assay_files")
        .values({
          id: file.id,
          sample_id: file.sampleId,
          blob_sha256: sha256,
          file_name: file.fileName,
          assay_type: file.assayType,
          parser_version: file.parserVersion ?? null,
          created_at: at,
          created_by: actor.userId,
          audit_seq: seq,
        })
        .execute();
    },
  );
  return { id: file.id, sha256, sizeBytes: file.bytes.length, duplicateBytes: Boolean(known) };
}
