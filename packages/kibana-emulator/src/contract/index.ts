export { applyRelaxations, BUNDLES, RELAXATIONS, loadBundle, parseBundle, type BundleInfo, type OpenApiDoc, type Relaxation } from "./bundles";
export { defaultContractSource, loadContractDocs, readSnapshot, SNAPSHOT_FILE, type ContractSnapshot, type ContractSource } from "./source";
export { ContractEngine, getContractEngine, formatAjvErrors, type Operation, type OperationMatch, type RequestToCheck } from "./validator";
