import { AAIPI_SCALE } from "./aaipi.js";
import { CRS_SCALE } from "./crs.js";
import type { ScoreScale } from "./define.js";
import { EASIX_SCALE } from "./easix.js";
import { HEMATOTOX_SCALE } from "./hematotox.js";
import { ICAHT_EARLY_SCALE } from "./icahtEarly.js";
import { ICAHT_LATE_SCALE } from "./icahtLate.js";
import { ICANS_SCALE } from "./icans.js";
import { IPI_SCALE } from "./ipi.js";
import { LUGANO_CT_SCALE } from "./luganoCt.js";
import { LUGANO_LESION_SCALE } from "./luganoLesion.js";
import { LUGANO_PET_SCALE } from "./luganoPet.js";
import { M_EASIX_SCALE } from "./mEasix.js";
import { SCORE_SCALE_IDS, type ScoreScaleId } from "./schema.js";

export { type ScaleDefinition, type ScoreOutput, type ScoreScale, translateNames } from "./define.js";
export { formatIssue, type InputIssue, ScoreInputError } from "./errors.js";
export {
  type AlternativeInputs,
  type CrossFieldRule,
  type FieldSpec,
  type FieldType,
  type OutputSpec,
  type PhysicalRange,
  type Presence,
  SCORE_SCALE_IDS,
  type ScaleSchema,
  type ScoreScaleId,
  schemaDocument,
} from "./schema.js";
export { type ConversionRecord, type ValidInput, validateInput } from "./validate.js";

/** Every scale of `carta score`, by its SCALE id: schema, JSON scoring function and citation. */
export const SCORE_SCALES: Readonly<Record<ScoreScaleId, ScoreScale>> = {
  crs: CRS_SCALE,
  icans: ICANS_SCALE,
  "icaht-early": ICAHT_EARLY_SCALE,
  "icaht-late": ICAHT_LATE_SCALE,
  "lugano-pet": LUGANO_PET_SCALE,
  "lugano-ct": LUGANO_CT_SCALE,
  "lugano-lesion": LUGANO_LESION_SCALE,
  ipi: IPI_SCALE,
  aaipi: AAIPI_SCALE,
  hematotox: HEMATOTOX_SCALE,
  easix: EASIX_SCALE,
  "m-easix": M_EASIX_SCALE,
};

export function isScoreScaleId(id: string): id is ScoreScaleId {
  return (SCORE_SCALE_IDS as readonly string[]).includes(id);
}
