export type {
  FeatureBinning,
  TrainingMetadata,
  Tree,
  TreeEnsemble,
  TreeObjective,
} from "./model/types.js";
export { CARTA_TREE_MODEL_FORMAT, CARTA_TREE_MODEL_VERSION } from "./model/types.js";
