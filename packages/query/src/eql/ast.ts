/** Where a node is in the query: 0-based offsets, `end` exclusive. */
export interface EqlSpan {
  start: number;
  end: number;
}

export type EqlQuery = EqlEventQuery | EqlSequenceQuery | EqlSampleQuery | EqlJoinQuery;

interface EqlStatement extends EqlSpan {
  /** The query text the offsets refer to. */
  source: string;
  pipes: EqlPipe[];
}

/** `<category> where <condition>`. */
export interface EqlEventQuery extends EqlStatement {
  type: "event";
  filter: EqlEventFilter;
}

/** `sequence [by keys] [with maxspan=N<unit>] [ … ] [ … ] [until [ … ]]`. */
export interface EqlSequenceQuery extends EqlStatement {
  type: "sequence";
  by: EqlExpression[];
  maxspan?: EqlMaxspan;
  terms: EqlTerm[];
  until?: EqlTerm;
}

/** `sample [by keys] [ … ] [ … ]`. */
export interface EqlSampleQuery extends EqlStatement {
  type: "sample";
  by: EqlExpression[];
  terms: EqlTerm[];
}

/** `join [by keys] [ … ] [ … ] [until [ … ]]` (in Elasticsearch's grammar; Elasticsearch does not run joins). */
export interface EqlJoinQuery extends EqlStatement {
  type: "join";
  by: EqlExpression[];
  terms: EqlTerm[];
  until?: EqlTerm;
}

export interface EqlMaxspan extends EqlSpan {
  value: number;
  unit: "ms" | "s" | "m" | "h" | "d";
  /** In milliseconds. */
  millis: number;
}

/** One bracketed sub-query of a sequence, sample or join, with its own `by` keys and, in a sequence, `with runs=N`. */
export interface EqlTerm extends EqlSpan {
  /** `![ … ]`: the event must not occur. */
  missing: boolean;
  filter: EqlEventFilter;
  by: EqlExpression[];
  runs?: number;
}

export interface EqlEventFilter extends EqlSpan {
  /** The event category, unquoted; `"any"` for the `any` keyword (`anyCategory` tells it from a category named "any"). */
  category: string;
  anyCategory: boolean;
  categorySpan: EqlSpan;
  condition: EqlExpression;
}

export interface EqlPipe extends EqlSpan {
  name: string;
  args: EqlExpression[];
}

export type EqlExpression = EqlLogical | EqlNot | EqlComparison | EqlArithmetic | EqlNegation | EqlInList | EqlMatch | EqlFunctionCall | EqlField | EqlLiteral;

export interface EqlLogical extends EqlSpan {
  type: "and" | "or";
  left: EqlExpression;
  right: EqlExpression;
}

export interface EqlNot extends EqlSpan {
  type: "not";
  operand: EqlExpression;
}

export interface EqlComparison extends EqlSpan {
  type: "comparison";
  operator: "==" | "!=" | "<" | "<=" | ">" | ">=";
  left: EqlExpression;
  right: EqlExpression;
}

export interface EqlArithmetic extends EqlSpan {
  type: "arithmetic";
  operator: "+" | "-" | "*" | "/" | "%";
  left: EqlExpression;
  right: EqlExpression;
}

/** Unary `-x` / `+x`. */
export interface EqlNegation extends EqlSpan {
  type: "unary";
  operator: "+" | "-";
  operand: EqlExpression;
}

/** `value [not] in (…)` and `in~` (case-insensitive). */
export interface EqlInList extends EqlSpan {
  type: "in";
  negated: boolean;
  caseInsensitive: boolean;
  value: EqlExpression;
  list: EqlExpression[];
}

/** `value : pattern`, `like`, `like~`, `regex`, `regex~`, with one constant or a parenthesised list of them. */
export interface EqlMatch extends EqlSpan {
  type: "match";
  operator: ":" | "like" | "like~" | "regex" | "regex~";
  value: EqlExpression;
  patterns: EqlLiteral[];
}

export interface EqlFunctionCall extends EqlSpan {
  type: "call";
  /** Without the `~`. */
  name: string;
  /** Written `name~(…)`. */
  caseInsensitive: boolean;
  args: EqlExpression[];
}

export interface EqlField extends EqlSpan {
  type: "field";
  /** Dotted name, backquotes removed: `` `my-field`.x `` is `my-field.x`. */
  name: string;
  /** Written `?name`: a missing field is null instead of an error. */
  optional: boolean;
}

export interface EqlLiteral extends EqlSpan {
  type: "literal";
  value: string | number | boolean | null;
}
