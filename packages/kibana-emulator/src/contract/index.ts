export { BUNDLES, RELAXATIONS, loadBundle, type BundleInfo, type OpenApiDoc, type Relaxation } from "./bundles";
export { ContractEngine, getContractEngine, formatAjvErrors, type Operation, type OperationMatch, type RequestToCheck } from "./validator";
