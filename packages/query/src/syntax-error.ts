/** Where in a query something is: 0-based `offset` into the text, 1-based `line` and `column` (in UTF-16 code units). */
export interface QueryPosition {
  offset: number;
  line: number;
  column: number;
}

export type QueryLanguage = "kuery" | "lucene" | "eql" | "esql";

/** Converts a 0-based offset into a position; a line break is `\n`, `\r\n` or a lone `\r`. */
export function positionAt(source: string, offset: number): QueryPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), source.length);
  for (let i = 0; i < end; i++) {
    const c = source.charCodeAt(i);
    if (c === 10 || (c === 13 && source.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset: end, line, column: end - lineStart + 1 };
}

/**
 * A query that does not parse: where (`position`), what the parser expected there (`expected`, e.g. `["field name",
 * "\"(\""]`) and what it found (`found`: the token's text, or `"end of input"`). `message` reads
 * `<language> syntax error at line L, column C: expected X, Y or Z but found W` unless the parser has a more specific reason.
 */
export class QuerySyntaxError extends Error {
  readonly position: QueryPosition;

  constructor(
    readonly language: QueryLanguage,
    source: string,
    offset: number,
    readonly expected: readonly string[],
    readonly found: string,
    reason?: string,
  ) {
    const position = positionAt(source, offset);
    super(`${LANGUAGE_NAMES[language]} syntax error at line ${position.line}, column ${position.column}: ${reason ?? describeExpectation(expected, found)}`);
    this.name = "QuerySyntaxError";
    this.position = position;
  }
}

const LANGUAGE_NAMES: Record<QueryLanguage, string> = { kuery: "KQL", lucene: "Lucene", eql: "EQL", esql: "ES|QL" };

function describeExpectation(expected: readonly string[], found: string): string {
  const wanted = expected.length <= 1 ? (expected[0] ?? "nothing") : `${expected.slice(0, -1).join(", ")} or ${expected[expected.length - 1]}`;
  return `expected ${wanted} but found ${found}`;
}

/** A field a query refers to, where it does; `kind` says how (compared, checked for existence, used in a pipe/by/stats…). */
export interface FieldReference {
  name: string;
  position: QueryPosition;
}
