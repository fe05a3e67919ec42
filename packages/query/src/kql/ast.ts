import type { QueryPosition } from "../syntax-error";

/** Where a node is in the query: 0-based offsets, `end` exclusive. */
export interface KqlSpan {
  start: number;
  end: number;
}

/** A field name as written (`process.name`, `"process.name"`, `process.*`), escapes resolved. */
export interface KqlField extends KqlSpan {
  name: string;
  quoted: boolean;
  /** Unquoted with an unescaped `*`: the name is a pattern over field names. */
  wildcard: boolean;
  /** Line and column of the field's first character. */
  position: QueryPosition;
}

/** A value as written: quoted (a phrase) or unquoted (escapes resolved, surrounding whitespace trimmed, as Kibana does). */
export interface KqlLiteral extends KqlSpan {
  text: string;
  quoted: boolean;
  /**
   * Unquoted values with an unescaped `*`: the text between the wildcards (`a*b\*c*` → `["a", "b*c", ""]`), so an
   * escaped `\*` stays a plain character. Absent when the value has no wildcard.
   */
  wildcardPieces?: string[];
}

export type KqlRangeOperator = "<" | "<=" | ">" | ">=";

/**
 * A parsed KQL query, shaped like Kibana's: a value list `f:(a or not b)` is distributed over its values
 * (`or(match f a, not(match f b))`), `f:*` is `exists`, a value without a field is a `match` whose `field` is null,
 * and an empty query is `all` (Kibana matches every document).
 */
export type KqlNode =
  | (KqlSpan & { kind: "or" | "and"; nodes: KqlNode[] })
  | (KqlSpan & { kind: "not"; node: KqlNode })
  | (KqlSpan & { kind: "match"; field: KqlField | null; value: KqlLiteral })
  | (KqlSpan & { kind: "exists"; field: KqlField })
  | (KqlSpan & { kind: "range"; field: KqlField; operator: KqlRangeOperator; value: KqlLiteral })
  | (KqlSpan & { kind: "nested"; path: KqlField; query: KqlNode })
  | (KqlSpan & { kind: "all" });
