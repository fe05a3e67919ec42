/** A rule corpus on disk: an NDJSON of detection-rules `[rule]` tables and a Kibana rules `_export` file. */
export interface Corpus {
  kind: "shared" | "own";
  dir: string;
  /** One rule per line, in elastic/detection-rules shape (`new_terms` table) or Kibana's create-rule shape. */
  rulesFile: string;
  /** A Kibana `_export` NDJSON: rules, exception lists and items, action connectors, export summary. */
  kibanaExportFile: string;
  /** How many lines `rulesFile` has. */
  ruleCount: number;
}

export const ownCorpus: Corpus;
export function findSharedCorpus(): Corpus | undefined;
export function corpusRequired(): boolean;
export function describeWithSharedCorpus(title: string, body: (corpus: Corpus) => void): void;
export function benchCorpus(): { corpus: Corpus; description: string };
/** One JSON value per non-empty line; an error names the file and line of a bad one. */
export function readNdjson<T = Record<string, unknown>>(file: string): T[];
