export { treeShapInteractions } from "./explain/interactions.js";
export type { InterventionalShapOptions } from "./explain/interventional.js";
export { interventionalTreeShap } from "./explain/interventional.js";
export type { LinearShapModel, LinearShapOptions } from "./explain/linearShap.js";
export { linearShap } from "./explain/linearShap.js";
export type { FeatureGroup } from "./explain/players.js";
export { FeatureGroupError } from "./explain/players.js";
export type { ShapInteractionValues, ShapMethod, ShapValues } from "./explain/shapValues.js";
export type { TreeShapAlgorithm, TreeShapExplainer, TreeShapOptions } from "./explain/treeShap.js";
export { createTreeShapExplainer, treeShap } from "./explain/treeShap.js";
export type { EvaluationLog, GradientBoostingResult } from "./learner/boost.js";
export { LEARNER_VERSION, trainGradientBoosting } from "./learner/boost.js";
export type {
  EvaluationMetric,
  FeatureMatrix,
  GradientBoostingOptions,
  GrowPolicy,
  ValidationSet,
} from "./learner/options.js";
export { TreeModelError } from "./model/errors.js";
export type { CartaTrainingJson, CartaTreeJson, CartaTreeModelJson } from "./model/modelJson.js";
export { TREE_OBJECTIVES } from "./model/modelJson.js";
export { parseModel } from "./model/parseModel.js";
export { serializeModel } from "./model/serializeModel.js";
export type {
  FeatureBinning,
  TrainingMetadata,
  Tree,
  TreeEnsemble,
  TreeObjective,
} from "./model/types.js";
export { CARTA_TREE_MODEL_FORMAT, CARTA_TREE_MODEL_VERSION } from "./model/types.js";
export type { FeatureRows } from "./predict/featureRows.js";
export { FeatureRowsError } from "./predict/featureRows.js";
export { predictMargin } from "./predict/margin.js";
export type { PredictionScale, TreePrediction } from "./predict/predict.js";
export { predict } from "./predict/predict.js";
export { importXgboostModel } from "./xgboost/importXgboostModel.js";
