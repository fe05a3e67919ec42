/** The ES|QL syntax tree. Every node carries `start` and `end`: 0-based offsets into the query text (end exclusive). */
export interface EsqlNode {
  start: number;
  end: number;
}

export interface EsqlQuery extends EsqlNode {
  source: string;
  /** `SET name = value;` statements before the query. */
  settings: EsqlSetting[];
  sourceCommand: EsqlSourceCommand;
  commands: EsqlProcessingCommand[];
}

export interface EsqlSetting extends EsqlNode {
  name: string;
  value: EsqlExpression;
}

// ---- expressions ----

export type EsqlExpression =
  | EsqlLiteral
  | EsqlListLiteral
  | EsqlParam
  | EsqlColumn
  | EsqlFunctionCall
  | EsqlBinary
  | EsqlUnary
  | EsqlIn
  | EsqlLike
  | EsqlIsNull
  | EsqlMatch
  | EsqlCast
  | EsqlMap
  | EsqlStar;

export interface EsqlLiteral extends EsqlNode {
  type: "literal";
  literalType: "null" | "boolean" | "integer" | "decimal" | "string" | "timespan";
  /** The value as written (strings unescaped); a timespan's is its number, with `unit` beside. */
  value: string;
  unit?: string;
}

export interface EsqlListLiteral extends EsqlNode {
  type: "list";
  values: EsqlLiteral[];
}

/** `?`, `?name`, `?1`, `??name`. */
export interface EsqlParam extends EsqlNode {
  type: "param";
  name: string;
}

/** A column: `a.b.c`, `` `a b`.c ``. `name` joins the parts with dots, backquotes removed. */
export interface EsqlColumn extends EsqlNode {
  type: "column";
  name: string;
  parts: string[];
  /** Some part is a query parameter (`?field`): the name is known only when the query runs. */
  parameterised: boolean;
}

export interface EsqlFunctionCall extends EsqlNode {
  type: "function";
  name: string;
  args: EsqlExpression[];
}

export interface EsqlBinary extends EsqlNode {
  type: "binary";
  /** `and`, `or`, `==`, `!=`, `=~`, `<`, `<=`, `>`, `>=`, `+`, `-`, `*`, `/`, `%`. */
  operator: string;
  left: EsqlExpression;
  right: EsqlExpression;
}

export interface EsqlUnary extends EsqlNode {
  type: "unary";
  operator: "not" | "-" | "+";
  operand: EsqlExpression;
}

export interface EsqlIn extends EsqlNode {
  type: "in";
  negated: boolean;
  value: EsqlExpression;
  list: EsqlExpression[];
}

export interface EsqlLike extends EsqlNode {
  type: "like";
  operator: "like" | "rlike";
  negated: boolean;
  value: EsqlExpression;
  patterns: EsqlExpression[];
}

export interface EsqlIsNull extends EsqlNode {
  type: "isNull";
  negated: boolean;
  value: EsqlExpression;
}

/** `field : "query"` (full-text match operator). */
export interface EsqlMatch extends EsqlNode {
  type: "match";
  field: EsqlColumn;
  fieldType?: string;
  query: EsqlExpression;
}

/** `value::type`. */
export interface EsqlCast extends EsqlNode {
  type: "cast";
  value: EsqlExpression;
  dataType: string;
}

/** `{"key": value, …}` (function and command options). */
export interface EsqlMap extends EsqlNode {
  type: "map";
  entries: { key: string; value: EsqlExpression; start: number; end: number }[];
}

/** The `*` of `COUNT(*)`. */
export interface EsqlStar extends EsqlNode {
  type: "star";
}

// ---- names ----

/** A column name pattern (KEEP, DROP, RENAME, ENRICH): `name` with backquotes removed, `*` kept. */
export interface EsqlNamePattern extends EsqlNode {
  type: "pattern";
  name: string;
  wildcard: boolean;
  parameterised: boolean;
}

/** `name = expression` or a bare expression (EVAL, STATS, ROW, RERANK). */
export interface EsqlField extends EsqlNode {
  name?: EsqlColumn;
  expression: EsqlExpression;
}

/** A STATS aggregate, optionally filtered: `c = COUNT(*) WHERE x > 1`. */
export interface EsqlAggregate extends EsqlField {
  where?: EsqlExpression;
}

export interface EsqlIndexPattern extends EsqlNode {
  /** The pattern as Elasticsearch resolves it: `cluster:index::selector`, quotes removed. */
  name: string;
  cluster?: string;
  index: string;
  selector?: string;
}

// ---- commands ----

interface CommandBase extends EsqlNode {
  /** The command's name as written. */
  keyword: string;
}

export type EsqlSourceCommand =
  | (CommandBase & { kind: "from" | "ts"; indices: EsqlIndexPattern[]; metadata: EsqlNamePattern[] })
  | (CommandBase & { kind: "row"; fields: EsqlField[] })
  | (CommandBase & { kind: "show"; item: string })
  /** PROMQL carries a query in another language: kept as text. */
  | (CommandBase & { kind: "promql"; text: string });

export type EsqlProcessingCommand =
  | (CommandBase & { kind: "where"; condition: EsqlExpression })
  | (CommandBase & { kind: "eval"; fields: EsqlField[] })
  | (CommandBase & { kind: "stats" | "inline_stats"; aggregates: EsqlAggregate[]; groups: EsqlField[] })
  | (CommandBase & { kind: "keep" | "drop"; columns: EsqlNamePattern[] })
  | (CommandBase & { kind: "rename"; renames: { from: EsqlNamePattern; to: EsqlNamePattern; start: number; end: number }[] })
  | (CommandBase & { kind: "sort"; orders: EsqlOrder[] })
  | (CommandBase & { kind: "limit" | "sample"; value: EsqlExpression })
  | (CommandBase & { kind: "dissect"; input: EsqlExpression; pattern: EsqlLiteral; options: { name: string; value: EsqlExpression }[] })
  | (CommandBase & { kind: "grok"; input: EsqlExpression; patterns: EsqlLiteral[] })
  | (CommandBase & { kind: "enrich"; policy: string; on?: EsqlNamePattern; with: { name?: EsqlNamePattern; field: EsqlNamePattern }[] })
  | (CommandBase & { kind: "mv_expand"; column: EsqlColumn })
  | (CommandBase & { kind: "join"; joinType: string; index: EsqlIndexPattern; alias?: string; on: EsqlExpression[] })
  | (CommandBase & { kind: "change_point"; value: EsqlColumn; key?: EsqlColumn; typeName?: EsqlColumn; pvalueName?: EsqlColumn })
  | (CommandBase & { kind: "completion"; target?: EsqlColumn; prompt: EsqlExpression; options?: EsqlExpression })
  | (CommandBase & { kind: "rerank"; target?: EsqlColumn; queryText: EsqlExpression; on: EsqlField[]; options?: EsqlExpression })
  | (CommandBase & { kind: "fork"; branches: EsqlProcessingCommand[][] })
  | (CommandBase & { kind: "fuse"; method?: string; columns: EsqlColumn[]; options?: EsqlExpression })
  | (CommandBase & { kind: "uri_parts"; target: EsqlColumn; input: EsqlExpression })
  | (CommandBase & { kind: "metrics_info" });

export type EsqlCommandKind = EsqlProcessingCommand["kind"];

export interface EsqlOrder extends EsqlNode {
  expression: EsqlExpression;
  direction?: "asc" | "desc";
  nulls?: "first" | "last";
}
