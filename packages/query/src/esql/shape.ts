import type { EsqlProcessingCommand, EsqlQuery, EsqlSourceCommand } from "./ast";
import { parseEsql } from "./parse";

/** What Kibana's ES|QL rule checks need to know about a query, without walking the tree. */
export interface EsqlShape {
  sourceCommand: EsqlSourceCommand["kind"];
  /** Index patterns of FROM/TS, as written (`cluster:logs-*`, quotes removed). */
  indices: string[];
  /** The METADATA fields of FROM/TS (`_id`, `_version`, `_index`…). */
  metadata: string[];
  /** Has a STATS (not INLINE STATS), in the main pipeline or a FORK branch: rows are aggregates, not documents. */
  aggregates: boolean;
  /** The processing commands' kinds in order (`where`, `eval`, `stats`, `inline_stats`, `join`, …). */
  commands: string[];
}

export function esqlShape(query: string | EsqlQuery): EsqlShape {
  const ast = typeof query === "string" ? parseEsql(query) : query;
  const source = ast.sourceCommand;
  const fromLike = source.kind === "from" || source.kind === "ts";
  return {
    sourceCommand: source.kind,
    indices: fromLike ? source.indices.map((index) => index.name) : [],
    metadata: fromLike ? source.metadata.map((field) => field.name) : [],
    aggregates: hasStats(ast.commands),
    commands: ast.commands.map((command) => command.kind),
  };
}

function hasStats(commands: EsqlProcessingCommand[]): boolean {
  return commands.some((command) => command.kind === "stats" || (command.kind === "fork" && command.branches.some(hasStats)));
}
