import type { ObservationValue } from "../dictionary/values.js";
import { competingRisks } from "./competingRisks.js";
import { day90Response } from "./day90Response.js";
import { os } from "./os.js";
import type { AssessedResponse, EndpointPatient } from "./patient.js";
import { pfs } from "./pfs.js";

/**
 * One patient's endpoints from the study dictionary's variables, so every view (the patient page, the
 * feature tables) derives them the same way, with the §E.3 defaults and each result's reason.
 */
type Lookup = (variable: string, timePoint: string) => ObservationValue | undefined;

function text(get: Lookup, variable: string, timePoint: string): string | null {
  const v = get(variable, timePoint);
  return typeof v === "string" ? v : null;
}

export function endpointPatientFrom(get: Lookup): EndpointPatient {
  return {
    decisionDate: text(get, "decision_date", "decision"),
    apheresisDate: text(get, "apheresis_date", "apheresis"),
    ldStartDate: text(get, "ld_start_date", "pre_ld"),
    infusionDate: text(get, "infusion_date", "d0"),
    progressionDate: text(get, "progression_date", "outcome"),
    deathDate: text(get, "death_date", "outcome"),
    deathCause: text(get, "death_cause", "outcome"),
    newTherapyDate: text(get, "new_therapy_date", "outcome"),
    consolidativeTransplant: text(
      get,
      "consolidative_transplant",
      "outcome",
    ) as EndpointPatient["consolidativeTransplant"],
    consolidativeTransplantDate: text(get, "consolidative_transplant_date", "outcome"),
    lastDiseaseAssessmentDate: text(get, "last_disease_assessment_date", "outcome"),
    lastContactDate: text(get, "last_contact_date", "outcome"),
    responseD28: text(get, "response_d28", "d28") as AssessedResponse | null,
    responseD90: text(get, "response_d90", "d90") as AssessedResponse | null,
  };
}

export interface PatientEndpoint {
  endpoint: "pfs" | "os" | "relapse_vs_nrm" | "day90_response";
  label: string;
  /** Months from infusion for time-to-event endpoints; the response category for day 90. */
  value: number | string | null;
  /** 1 = event, 0 = censored; for relapse_vs_nrm 1 = relapse, 2 = NRM. */
  status: number | null;
  reason: string;
}

/** PFS, OS, relapse vs NRM and day-90 response from infusion (mITT), or why they cannot be computed. */
export function patientEndpoints(get: Lookup): PatientEndpoint[] {
  const patient = endpointPatientFrom(get);
  const safe = <T>(compute: () => T): T | Error => {
    try {
      return compute();
    } catch (err) {
      return err as Error;
    }
  };
  const out: PatientEndpoint[] = [];
  const timed = (
    endpoint: PatientEndpoint["endpoint"],
    label: string,
    r: ReturnType<typeof pfs> | ReturnType<typeof os> | ReturnType<typeof competingRisks> | Error,
  ) => {
    if (r instanceof Error)
      out.push({ endpoint, label, value: null, status: null, reason: `not computable: ${r.message}` });
    else
      out.push({
        endpoint,
        label,
        value: r.timeMonths === null ? null : Math.round(r.timeMonths * 10) / 10,
        status: r.timeMonths === null ? null : (r.event as number),
        reason: r.reason,
      });
  };
  timed(
    "pfs",
    "Progression-free survival (months from infusion)",
    safe(() => pfs(patient)),
  );
  timed(
    "os",
    "Overall survival (months from infusion)",
    safe(() => os(patient)),
  );
  timed(
    "relapse_vs_nrm",
    "Relapse vs non-relapse mortality (months from infusion)",
    safe(() => competingRisks(patient)),
  );
  const d90 = safe(() => day90Response(patient));
  out.push(
    d90 instanceof Error
      ? {
          endpoint: "day90_response",
          label: "Day-90 response",
          value: null,
          status: null,
          reason: `not computable: ${d90.message}`,
        }
      : {
          endpoint: "day90_response",
          label: "Day-90 response",
          value: d90.response,
          status: null,
          reason: d90.reason,
        },
  );
  return out;
}
