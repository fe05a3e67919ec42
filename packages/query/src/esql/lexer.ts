/**
 * The ES|QL scanner. Elasticsearch's lexer is modal: what a run of characters means depends on the command it is in
 * (`logs-*` is one index pattern after FROM, an identifier, a minus and a star in WHERE; `Esql.*` is a name pattern
 * after KEEP). The parser knows which command it is in, so it asks for the next token in a given mode instead of the
 * lexer tracking modes itself. Keywords and command names are case-insensitive, as in Elasticsearch.
 */
import { QuerySyntaxError } from "../syntax-error";

export type TokenKind =
  | "eof"
  | "pipe"
  | "comma"
  | "dot"
  | "colon"
  | "cast"
  | "semicolon"
  | "assign"
  | "operator"
  | "lparen"
  | "rparen"
  | "lbracket"
  | "rbracket"
  | "lbrace"
  | "rbrace"
  | "param"
  | "string"
  | "integer"
  | "decimal"
  | "identifier"
  | "quotedIdentifier"
  | "keyword"
  | "word"
  | "source"
  | "pattern";

export interface Token {
  kind: TokenKind;
  /** The text as written. */
  text: string;
  /**
   * Lower-cased text for keywords, operators, command words and index patterns (compared case-insensitively); the text
   * of identifiers; the unescaped value of strings and quoted identifiers.
   */
  value: string;
  start: number;
  end: number;
}

/**
 * - `command`: a command name (the start of the query, after a pipe, inside a FORK branch): a run up to blank, `[`,
 *   `]` or `/`, like Elasticsearch's catch-all for unknown commands (so `where(` is one unknown word, as there).
 * - `expression`: WHERE, EVAL, STATS, SORT, ROW and most other commands.
 * - `source`: index patterns after FROM/TS and LOOKUP JOIN (`cluster:logs-*`, `"quoted"`, `METADATA`).
 * - `pattern`: column name patterns of KEEP, DROP, RENAME and ENRICH's fields (`Esql.*`, `` `a b` ``).
 * - `identifier`: plain identifiers only (MV_EXPAND, CHANGE_POINT).
 * - `policy`: an ENRICH policy name (`_any:my-policy`).
 */
export type LexMode = "command" | "expression" | "source" | "pattern" | "identifier" | "policy";

/** Keywords of Elasticsearch's expression mode: they are never identifiers there unless backquoted. */
const EXPRESSION_KEYWORDS = new Set([
  "and",
  "as",
  "asc",
  "by",
  "desc",
  "false",
  "first",
  "in",
  "is",
  "last",
  "like",
  "not",
  "null",
  "nulls",
  "on",
  "or",
  "rlike",
  "true",
  "where",
  "with",
]);
const IDENTIFIER_MODE_KEYWORDS = new Set(["on", "as"]);
const PATTERN_MODE_KEYWORDS = new Set(["as", "on", "with"]);
const SOURCE_MODE_KEYWORDS = new Set(["metadata"]);

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isIdentifierBody = (c: number) => isLetter(c) || isDigit(c) || c === 95;
const isBlank = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

export class Lexer {
  constructor(readonly source: string) {}

  /** Skips blanks and comments (`//` to the end of the line, `/* … *\/` nested) from `pos`; returns the next offset. */
  skipTrivia(pos: number): number {
    const s = this.source;
    for (;;) {
      const c = s.charCodeAt(pos);
      if (isBlank(c)) {
        pos++;
      } else if (c === 47 && s.charCodeAt(pos + 1) === 47) {
        while (pos < s.length && s.charCodeAt(pos) !== 10 && s.charCodeAt(pos) !== 13) pos++;
      } else if (c === 47 && s.charCodeAt(pos + 1) === 42) {
        pos = this.skipBlockComment(pos);
      } else {
        return pos;
      }
    }
  }

  private skipBlockComment(start: number): number {
    const s = this.source;
    let depth = 0;
    let pos = start;
    while (pos < s.length) {
      if (s.startsWith("/*", pos)) {
        depth++;
        pos += 2;
      } else if (s.startsWith("*/", pos)) {
        depth--;
        pos += 2;
        if (depth === 0) return pos;
      } else {
        pos++;
      }
    }
    throw new QuerySyntaxError("esql", s, start, ['"*/"'], "end of input", "unterminated comment: /* is never closed by */");
  }

  /** The token that starts at `pos` (after trivia) in `mode`. */
  next(pos: number, mode: LexMode): Token {
    const start = this.skipTrivia(pos);
    if (start >= this.source.length) return this.token("eof", start, start, "");
    switch (mode) {
      case "command":
        return this.commandWord(start);
      case "source":
        return this.sourceToken(start);
      case "pattern":
        return this.patternToken(start);
      case "policy":
        return this.policyToken(start);
      case "identifier":
      case "expression":
        return this.expressionToken(start, mode);
    }
  }

  private token(kind: TokenKind, start: number, end: number, value?: string): Token {
    const text = this.source.slice(start, end);
    const caseless = kind === "keyword" || kind === "word" || kind === "source";
    return { kind, text, value: value ?? (caseless ? text.toLowerCase() : text), start, end };
  }

  private commandWord(start: number): Token {
    const s = this.source;
    let end = start;
    while (end < s.length) {
      const c = s.charCodeAt(end);
      if (isBlank(c) || c === 91 || c === 93 || c === 47) break;
      // A FORK branch is a parenthesised pipeline: its last command ends at ")"; "(" opens the next one.
      if (c === 40 || c === 41 || c === 124) break;
      end++;
    }
    if (end === start) return this.punctuation(start);
    return this.token("word", start, end);
  }

  private punctuation(start: number): Token {
    const s = this.source;
    const c = s[start];
    const two = s.slice(start, start + 2);
    if (two === "::") return this.token("cast", start, start + 2);
    if (two === "==" || two === "!=" || two === "<=" || two === ">=" || two === "=~") return this.token("operator", start, start + 2);
    switch (c) {
      case "|":
        return this.token("pipe", start, start + 1);
      case ",":
        return this.token("comma", start, start + 1);
      case ".":
        return this.token("dot", start, start + 1);
      case ":":
        return this.token("colon", start, start + 1);
      case ";":
        return this.token("semicolon", start, start + 1);
      case "=":
        return this.token("assign", start, start + 1);
      case "(":
        return this.token("lparen", start, start + 1);
      case ")":
        return this.token("rparen", start, start + 1);
      case "[":
        return this.token("lbracket", start, start + 1);
      case "]":
        return this.token("rbracket", start, start + 1);
      case "{":
        return this.token("lbrace", start, start + 1);
      case "}":
        return this.token("rbrace", start, start + 1);
      case "<":
      case ">":
      case "+":
      case "-":
      case "*":
      case "/":
      case "%":
        return this.token("operator", start, start + 1);
    }
    const found = String.fromCodePoint(s.codePointAt(start)!);
    throw new QuerySyntaxError("esql", s, start, [], JSON.stringify(found), `unexpected character ${JSON.stringify(found)}`);
  }

  private expressionToken(start: number, mode: "expression" | "identifier"): Token {
    const s = this.source;
    const c = s.charCodeAt(start);
    if (c === 34) return this.quotedString(start);
    if (c === 96) return this.quotedIdentifier(start);
    if (c === 63) return this.parameter(start);
    if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(start + 1)))) return this.number(start);
    if (isLetter(c) || ((c === 95 || c === 64) && isIdentifierBody(s.charCodeAt(start + 1)))) {
      let end = start + 1;
      while (isIdentifierBody(s.charCodeAt(end))) end++;
      const word = s.slice(start, end).toLowerCase();
      const keywords = mode === "expression" ? EXPRESSION_KEYWORDS : IDENTIFIER_MODE_KEYWORDS;
      return keywords.has(word) ? this.token("keyword", start, end) : this.token("identifier", start, end, s.slice(start, end));
    }
    return this.punctuation(start);
  }

  /** `"…"` with the escapes \t \n \r \" \\ and no line break, or `"""…"""` on one line (raw, up to two extra quotes). */
  private quotedString(start: number): Token {
    const s = this.source;
    if (s.startsWith('"""', start)) {
      let pos = start + 3;
      for (; pos < s.length; pos++) {
        const ch = s.charCodeAt(pos);
        if (ch === 10 || ch === 13) break;
        if (s.startsWith('"""', pos)) {
          let end = pos + 3;
          for (let extra = 0; extra < 2 && s.charCodeAt(end) === 34; extra++) end++;
          return this.token("string", start, end, s.slice(start + 3, end - 3));
        }
      }
      // Like Elasticsearch's lexer: with no closing """ on the line, `""` is an empty string and the third quote opens
      // another one (so the error is reported two characters in).
      return this.token("string", start, start + 2, "");
    }
    let value = "";
    let pos = start + 1;
    while (pos < s.length) {
      const ch = s[pos];
      if (ch === '"') return this.token("string", start, pos + 1, value);
      if (ch === "\n" || ch === "\r") break;
      if (ch === "\\") {
        const escaped = s[pos + 1];
        const replacement = ESCAPES[escaped];
        if (replacement === undefined) {
          const found = escaped === undefined ? "end of input" : JSON.stringify(`\\${escaped}`);
          // Reported where Elasticsearch's lexer reports it: at the string that cannot be made a token.
          throw new QuerySyntaxError(
            "esql",
            s,
            start,
            ["\\t", "\\n", "\\r", '\\"', "\\\\"],
            found,
            `invalid escape sequence ${found} in a string: only \\t \\n \\r \\" and \\\\ are allowed (use """…""" for raw text)`,
          );
        }
        value += replacement;
        pos += 2;
      } else {
        value += ch;
        pos++;
      }
    }
    throw this.unterminatedString(start, pos, '"');
  }

  private unterminatedString(start: number, stoppedAt: number, quote: string): QuerySyntaxError {
    const found = stoppedAt >= this.source.length ? "end of input" : "end of line";
    return new QuerySyntaxError("esql", this.source, start, [JSON.stringify(quote)], found, `unterminated string: ${quote} is not closed on its line`);
  }

  private quotedIdentifier(start: number): Token {
    const s = this.source;
    let value = "";
    let pos = start + 1;
    while (pos < s.length) {
      if (s[pos] === "`") {
        if (s[pos + 1] === "`") {
          value += "`";
          pos += 2;
          continue;
        }
        if (pos === start + 1) {
          throw new QuerySyntaxError("esql", s, start, ["a name between backquotes"], "``", "empty quoted identifier ``");
        }
        return this.token("quotedIdentifier", start, pos + 1, value);
      }
      value += s[pos];
      pos++;
    }
    throw new QuerySyntaxError("esql", s, start, ['"`"'], "end of input", "unterminated quoted identifier: ` is never closed");
  }

  /** `?`, `??`, `?name`, `?1`, `??name`. */
  private parameter(start: number): Token {
    const s = this.source;
    let end = start + 1;
    if (s.charCodeAt(end) === 63) end++;
    const c = s.charCodeAt(end);
    if (isLetter(c) || c === 95) {
      while (isIdentifierBody(s.charCodeAt(end))) end++;
    } else if (isDigit(c)) {
      while (isDigit(s.charCodeAt(end))) end++;
    }
    return this.token("param", start, end, s.slice(start, end));
  }

  private number(start: number): Token {
    const s = this.source;
    let end = start;
    while (isDigit(s.charCodeAt(end))) end++;
    let decimal = false;
    if (s.charCodeAt(end) === 46) {
      decimal = true;
      end++;
      while (isDigit(s.charCodeAt(end))) end++;
    }
    const e = s.charCodeAt(end);
    if (e === 101 || e === 69) {
      let exp = end + 1;
      if (s[exp] === "+" || s[exp] === "-") exp++;
      if (isDigit(s.charCodeAt(exp))) {
        while (isDigit(s.charCodeAt(exp))) exp++;
        end = exp;
        decimal = true;
      }
    }
    return this.token(decimal ? "decimal" : "integer", start, end);
  }

  /** FROM/TS/LOOKUP JOIN index patterns: a run of anything but `:"=|,[]` blanks and comment starts, `::`, quoted. */
  private sourceToken(start: number): Token {
    const s = this.source;
    const c = s.charCodeAt(start);
    if (c === 34) return this.quotedString(start);
    let end = start;
    while (end < s.length) {
      const ch = s.charCodeAt(end);
      if (isBlank(ch) || ch === 58 || ch === 34 || ch === 61 || ch === 124 || ch === 44 || ch === 91 || ch === 93) break;
      if (ch === 47) {
        const after = s.charCodeAt(end + 1);
        if (end + 1 >= s.length || after === 42 || after === 47) break;
        end += 2;
        continue;
      }
      // A lone ")" ends a FORK branch or subquery; Elasticsearch's source mode has no such token, so this is permissive.
      if (ch === 41) break;
      end++;
    }
    if (end === start) return this.punctuation(start);
    const word = s.slice(start, end).toLowerCase();
    return this.token(SOURCE_MODE_KEYWORDS.has(word) ? "keyword" : "source", start, end);
  }

  /** Name patterns: runs of letters, digits, `_`, `*`, `@` (not alone) and backquoted parts, e.g. `Esql.*`, `` `a`* ``. */
  private patternToken(start: number): Token {
    const s = this.source;
    const c = s.charCodeAt(start);
    if (c === 63) return this.parameter(start);
    let end = start;
    let value = "";
    for (;;) {
      const ch = s.charCodeAt(end);
      if (ch === 96) {
        const quoted = this.quotedIdentifier(end);
        value += quoted.value;
        end = quoted.end;
      } else if (isLetter(ch) || ch === 42) {
        const from = end;
        while (isIdentifierBody(s.charCodeAt(end)) || s.charCodeAt(end) === 42) end++;
        value += s.slice(from, end);
      } else if ((ch === 95 || ch === 64) && (isIdentifierBody(s.charCodeAt(end + 1)) || s.charCodeAt(end + 1) === 42)) {
        const from = end;
        end++;
        while (isIdentifierBody(s.charCodeAt(end)) || s.charCodeAt(end) === 42) end++;
        value += s.slice(from, end);
      } else {
        break;
      }
    }
    if (end === start) return this.punctuation(start);
    const text = s.slice(start, end);
    if (PATTERN_MODE_KEYWORDS.has(text.toLowerCase())) return this.token("keyword", start, end);
    return this.token("pattern", start, end, value);
  }

  /** An ENRICH policy name, optionally prefixed by its resolution mode (`_any:`, `_coordinator:`, `_remote:`). */
  private policyToken(start: number): Token {
    const s = this.source;
    if (s.charCodeAt(start) === 34) return this.quotedString(start);
    const isPolicyChar = (ch: number) => !Number.isNaN(ch) && !isBlank(ch) && !'\\/?"<>|,#:'.includes(String.fromCharCode(ch));
    let end = start;
    while (isPolicyChar(s.charCodeAt(end))) end++;
    if (end > start && s.charCodeAt(end) === 58 && isPolicyChar(s.charCodeAt(end + 1))) {
      end++;
      while (isPolicyChar(s.charCodeAt(end))) end++;
    }
    if (end === start) return this.punctuation(start);
    const word = s.slice(start, end).toLowerCase();
    return this.token(word === "on" || word === "with" ? "keyword" : "source", start, end);
  }
}

const ESCAPES: Record<string, string> = { t: "\t", n: "\n", r: "\r", '"': '"', "\\": "\\" };
