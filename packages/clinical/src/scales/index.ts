export {
  type EasixInput,
  type EasixResult,
  easix,
  type MEasixInput,
  mEasix,
} from "./easix.js";
export {
  type HematotoxInput,
  type HematotoxItems,
  type HematotoxOptions,
  type HematotoxResult,
  type HematotoxRisk,
  hematotox,
} from "./hematotox.js";
export {
  type IcahtEarlyResult,
  type IcahtLateResult,
  type IcahtLateRule,
  icahtEarly,
  icahtLate,
} from "./icaht.js";
export type { MaybeNumber } from "./inputs.js";
export {
  type AaIpiItems,
  type AaIpiResult,
  aaIpi,
  type IpiGroup,
  type IpiInput,
  type IpiItems,
  type IpiResult,
  ipi,
} from "./ipi.js";
