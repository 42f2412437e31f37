import { useMemo } from "react";
import { useDictionary } from "../dictionary/DictionaryContext.js";
import type { PatientPrediction } from "../lab/labApiTypes.js";
import { dictionaryVariableOf, featureTypeOf } from "../lab/whatIf.js";
import { type FeatureNaming, featureNaming } from "./predictionText.js";

/** How a prediction's features and values are named, from the study dictionary (code labels, yes/no). */
export function usePredictionNaming(prediction: Pick<PatientPrediction, "shap">): FeatureNaming {
  const dictionary = useDictionary();
  return useMemo(() => {
    const byFeature = new Map(prediction.shap.map((s) => [s.feature, s]));
    return featureNaming(
      prediction,
      (feature) => {
        const entry = byFeature.get(feature);
        const variable = dictionaryVariableOf(feature, dictionary.variable);
        return entry === undefined ? undefined : featureTypeOf(entry, variable);
      },
      (feature, code) => {
        const variable = dictionaryVariableOf(feature, dictionary.variable);
        return variable === null ? code : dictionary.codeLabel(variable.id, code);
      },
    );
  }, [prediction, dictionary]);
}
