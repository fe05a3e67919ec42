/**
 * Where a node is in the query text: 0-based offsets, `end` exclusive. A node's span is its own text with its `^boost`
 * and `~` suffixes; a `field:` prefix has its own span, and the clause's span covers prefix, operator and node.
 */
export interface LuceneSpan {
  start: number;
  end: number;
}

/** A `name:` prefix. `name` has Lucene's escapes removed (`process.\*` names `process.*`); `raw` is the text as written. */
export interface LuceneField extends LuceneSpan {
  name: string;
  raw: string;
}

/** A sequence of clauses: the whole query, or the inside of `( )`. The empty query has no clause. */
export interface LuceneQuery extends LuceneSpan {
  kind: "query";
  clauses: LuceneClause[];
}

/** What `parseLucene` returns: the top-level query and the text it was parsed from. */
export interface LuceneRoot extends LuceneQuery {
  source: string;
}

/** One clause with the operator written before it (`AND`/`&&`, `OR`/`||`) and its prefix (`+`, `-`, `NOT`/`!`). */
export interface LuceneClause extends LuceneSpan {
  conjunction?: "AND" | "OR";
  modifier?: "+" | "-" | "NOT";
  node: LuceneClauseNode;
}

export type LuceneClauseNode = LuceneGroup | LuceneTerm | LucenePhrase | LuceneRegex | LuceneRange;

/** `(…)` or `field:(…)`, with an optional `^boost`. */
export interface LuceneGroup extends LuceneSpan {
  kind: "group";
  field?: LuceneField;
  query: LuceneQuery;
  boost?: number;
}

/**
 * A bare word. `wildcard` says how Elasticsearch reads it: `"none"` a plain term, `"prefix"` one trailing `*`
 * (`cmd*`), `"pattern"` any other use of `*`/`?` (`*.exe`, `a?c`, `*` alone). `value` has the escapes removed for plain
 * and prefix terms and keeps them for patterns (Lucene passes a pattern on escaped). `comparison` is set for the
 * one-sided ranges Elasticsearch reads from a field's term (`age:>=10`), with `value` then the bound.
 */
export interface LuceneTerm extends LuceneSpan {
  kind: "term";
  field?: LuceneField;
  raw: string;
  value: string;
  wildcard: "none" | "prefix" | "pattern";
  comparison?: ">" | ">=" | "<" | "<=";
  /** The text after `~` (`""` for a bare `~`): a fuzzy term. */
  fuzzy?: string;
  boost?: number;
}

/** `"…"`, with an optional `~slop` (the text after `~`) and `^boost`. `value` has the escapes removed. */
export interface LucenePhrase extends LuceneSpan {
  kind: "phrase";
  field?: LuceneField;
  raw: string;
  value: string;
  slop?: string;
  boost?: number;
}

/** `/pattern/`: `pattern` is the text between the slashes as written. */
export interface LuceneRegex extends LuceneSpan {
  kind: "regex";
  field?: LuceneField;
  raw: string;
  pattern: string;
  boost?: number;
}

/** One end of a range: `value` is `null` for `*` (unbounded). */
export interface LuceneRangeBound extends LuceneSpan {
  raw: string;
  value: string | null;
  inclusive: boolean;
}

/** `[a TO b]`, `{a TO b}` or a mix of both. */
export interface LuceneRange extends LuceneSpan {
  kind: "range";
  field?: LuceneField;
  lower: LuceneRangeBound;
  upper: LuceneRangeBound;
  boost?: number;
}

export type LuceneNode = LuceneQuery | LuceneClauseNode;
