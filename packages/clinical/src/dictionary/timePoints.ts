import type { Landmark, TimePointDef } from "./types.js";

/**
 * Study time points (clinical-reference.md §A.1). Day 0 = CAR-T infusion. Daily points d0..d30 carry the
 * early follow-up (daily CBC for ICAHT, daily CRS/ICANS grades); d0, d3, d7, d14 and d28 double as the
 * scheduled lab visits.
 */
function dailyLandmark(day: number): Landmark {
  if (day === 0) return "infusion";
  if (day <= 7) return "day7";
  if (day <= 28) return "day28";
  return "followup";
}

const daily: TimePointDef[] = Array.from({ length: 31 }, (_, day) => ({
  id: `d${day}`,
  label: day === 0 ? "Day 0 (infusion)" : `Day +${day}`,
  nominalDay: day,
  landmark: dailyLandmark(day),
}));

export const TIME_POINTS: readonly TimePointDef[] = [
  { id: "decision", label: "Decision to treat", nominalDay: -50, landmark: "decision" },
  { id: "apheresis", label: "Leukapheresis", nominalDay: -35, landmark: "lymphodepletion" },
  { id: "bridging", label: "Bridging therapy", nominalDay: -15, landmark: "lymphodepletion" },
  { id: "pre_ld", label: "Pre-lymphodepletion (day −5)", nominalDay: -5, landmark: "lymphodepletion" },
  ...daily,
  { id: "d90", label: "Day +90", nominalDay: 90, landmark: "followup" },
  { id: "d180", label: "Day +180", nominalDay: 180, landmark: "followup" },
  { id: "d365", label: "Day +365", nominalDay: 365, landmark: "followup" },
  { id: "progression", label: "At progression", nominalDay: null, landmark: "followup" },
  { id: "outcome", label: "Outcomes and events", nominalDay: null, landmark: "followup" },
];

export const DAILY_TIME_POINTS: readonly string[] = daily.map((t) => t.id);

/** Scheduled laboratory visits (§A.4). */
export const LAB_TIME_POINTS: readonly string[] = [
  "apheresis",
  "pre_ld",
  "d0",
  "d3",
  "d7",
  "d14",
  "d28",
  "d90",
  "d180",
  "d365",
];
