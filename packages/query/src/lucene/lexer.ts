import { QuerySyntaxError } from "../syntax-error";

/*
 * The tokens of Lucene's classic query parser (QueryParser.jj in apache/lucene), which Elasticsearch's query_string
 * query uses unchanged. Its lexer takes the longest match at each position and, between matches of the same length,
 * the token declared first; the scanners below reproduce that, including the quirks that decide whether a query parses
 * (`&`, `|`, `<`, `>`, `=` are ordinary term characters; `+`/`-`/`!` followed by a space are a term; inside a range a
 * value runs until a space, `]` or `}`, so `[1 TO\n5]` has no `TO`).
 */

export type TokenKind =
  | "AND"
  | "OR"
  | "NOT"
  | "PLUS"
  | "MINUS"
  | "BAREOPER"
  | "LPAREN"
  | "RPAREN"
  | "COLON"
  | "STAR"
  | "CARAT"
  | "QUOTED"
  | "TERM"
  | "FUZZY_SLOP"
  | "PREFIXTERM"
  | "WILDTERM"
  | "REGEXPTERM"
  | "RANGEIN_START"
  | "RANGEEX_START"
  | "EOF";

export type RangeTokenKind = "RANGE_TO" | "RANGEIN_END" | "RANGEEX_END" | "RANGE_QUOTED" | "RANGE_GOOP" | "EOF";

export interface Token<K extends string = TokenKind> {
  kind: K;
  text: string;
  start: number;
  end: number;
}

/** Characters Lucene skips between tokens: not every Unicode space, only these. */
export function isLuceneWhitespace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\u3000";
}

/** Characters that can never appear unescaped in a term (they are operators or delimiters). */
const NOT_IN_TERM = new Set([" ", "\t", "\n", "\r", "\u3000", "+", "-", "!", "(", ")", ":", "^", "[", "]", '"', "{", "}", "~", "*", "?", "\\", "/"]);

/** A character that may continue a term: `-` and `+` may, though they cannot start one. */
function continuesTerm(c: string): boolean {
  return c === "-" || c === "+" || !NOT_IN_TERM.has(c);
}

/** How `found` shows a token in an error: its text, shortened when long. */
export function describeFound(text: string): string {
  if (text === "") return "end of input";
  const visible = text.replace(/[\n\r\t]/g, (c) => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\t"));
  return visible.length > 40 ? `${visible.slice(0, 40)}…` : visible;
}

export class LuceneLexer {
  private pos = 0;

  constructor(private readonly source: string) {}

  /** The next token of the default state (between clauses). */
  next(): Token {
    const s = this.source;
    while (isLuceneWhitespace(s[this.pos])) this.pos++;
    const start = this.pos;
    const c = s[start];
    if (c === undefined) return this.token("EOF", start, start);
    switch (c) {
      case "(":
        return this.token("LPAREN", start, start + 1);
      case ")":
        return this.token("RPAREN", start, start + 1);
      case ":":
        return this.token("COLON", start, start + 1);
      case "^":
        return this.token("CARAT", start, start + 1);
      case "[":
        return this.token("RANGEIN_START", start, start + 1);
      case "{":
        return this.token("RANGEEX_START", start, start + 1);
      case "+":
      case "-":
      case "!":
        if (isLuceneWhitespace(s[start + 1])) return this.token("BAREOPER", start, start + 2);
        return this.token(c === "+" ? "PLUS" : c === "-" ? "MINUS" : "NOT", start, start + 1);
      case '"':
        return this.token("QUOTED", start, this.quotedEnd(start));
      case "~":
        return this.token("FUZZY_SLOP", start, this.termCharsEnd(start + 1));
      case "/":
        return this.token("REGEXPTERM", start, this.regexEnd(start));
      case "]":
      case "}":
        throw new QuerySyntaxError("lucene", s, start, ["a term", '"("'], c, `unexpected "${c}": no range is open (escape it as \\${c} to search for it)`);
      default:
        return this.word(start);
    }
  }

  /** The next token inside `[ … ]` / `{ … }`. */
  nextInRange(): Token<RangeTokenKind> {
    const s = this.source;
    // A tab or line break is skipped only when it stands alone: glued to what follows it is the start of a value.
    while (s[this.pos] === " " || (isLuceneWhitespace(s[this.pos]) && this.rangeValueEnd(this.pos) - this.pos === 1)) this.pos++;
    const start = this.pos;
    const c = s[start];
    if (c === undefined) return this.token("EOF", start, start);
    if (c === "]") return this.token("RANGEIN_END", start, start + 1);
    if (c === "}") return this.token("RANGEEX_END", start, start + 1);
    const valueEnd = this.rangeValueEnd(start);
    const quotedEnd = c === '"' ? this.rangeQuotedEnd(start) : -1;
    const toEnd = s.startsWith("TO", start) ? start + 2 : -1;
    if (toEnd >= valueEnd && toEnd >= quotedEnd) return this.token("RANGE_TO", start, toEnd);
    if (quotedEnd >= valueEnd) return this.token("RANGE_QUOTED", start, quotedEnd);
    return this.token("RANGE_GOOP", start, valueEnd);
  }

  /** The number after `^`: digits, optionally `.` and digits, with nothing (not even a space) before it. */
  boostNumber(): Token<"NUMBER"> {
    const s = this.source;
    const start = this.pos;
    let end = digitsEnd(s, start);
    if (end > start && s[end] === "." && digitsEnd(s, end + 1) > end + 1) end = digitsEnd(s, end + 1);
    if (end === start) {
      const found = s[start] === undefined ? "end of input" : isLuceneWhitespace(s[start]) ? "whitespace" : s[start]!;
      throw new QuerySyntaxError("lucene", s, start, ["a number"], found, `expected a number right after "^" (a boost such as ^2 or ^0.5) but found ${found}`);
    }
    return this.token("NUMBER", start, end);
  }

  private token<K extends string>(kind: K, start: number, end: number): Token<K> {
    this.pos = end;
    return { kind, text: this.source.slice(start, end), start, end };
  }

  /** A bare word: a term, a prefix (`abc*`), a pattern (`a?c`, `*x*`), `*`, or the keywords AND, OR, NOT, &&, ||. */
  private word(start: number): Token {
    const s = this.source;
    const end = this.wordEnd(start);
    if (end === start) throw new QuerySyntaxError("lucene", s, start, ["a term"], describeFound(s[start]!));
    const text = s.slice(start, end);
    let wildcards = 0;
    let endsWithStar = false;
    for (let i = start; i < end; i++) {
      if (s[i] === "\\") {
        i++;
        endsWithStar = false;
      } else {
        endsWithStar = s[i] === "*";
        if (endsWithStar || s[i] === "?") wildcards++;
      }
    }
    if (wildcards === 0) {
      if (text === "AND" || text === "&&") return this.token("AND", start, end);
      if (text === "OR" || text === "||") return this.token("OR", start, end);
      if (text === "NOT") return this.token("NOT", start, end);
      return this.token("TERM", start, end);
    }
    if (text === "*") return this.token("STAR", start, end);
    if (wildcards === 1 && endsWithStar) return this.token("PREFIXTERM", start, end);
    return this.token("WILDTERM", start, end);
  }

  /** Where a word starting at `start` ends: term characters, `*`, `?` and backslash escapes of any character. */
  private wordEnd(start: number): number {
    const s = this.source;
    let i = start;
    while (i < s.length) {
      const c = s[i]!;
      if (c === "\\") {
        if (i + 1 >= s.length) {
          throw new QuerySyntaxError("lucene", s, i, ["a character to escape"], "end of input", `"\\" at the end of the query escapes nothing`);
        }
        i += 2;
      } else if (c === "*" || c === "?" || (continuesTerm(c) && (i > start || (c !== "-" && c !== "+")))) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  /** The end of the term characters after `~` (`~2`, `~0.8`, or none). */
  private termCharsEnd(from: number): number {
    const s = this.source;
    let i = from;
    while (i < s.length) {
      if (s[i] === "\\" && i + 1 < s.length) i += 2;
      else if (continuesTerm(s[i]!)) i++;
      else break;
    }
    return i;
  }

  private quotedEnd(start: number): number {
    const s = this.source;
    for (let i = start + 1; i < s.length; i++) {
      if (s[i] === "\\") i++;
      else if (s[i] === '"') return i + 1;
    }
    throw new QuerySyntaxError("lucene", s, start, ['a closing """'], "end of input", 'unterminated phrase: this " has no closing "');
  }

  /**
   * `/…/`: a `/` preceded by a backslash may be inside the pattern, any other one ends it; of the possible ends, the
   * lexer takes the last.
   */
  private regexEnd(start: number): number {
    const s = this.source;
    let end = -1;
    for (let i = start + 1; i < s.length; i++) {
      if (s[i] !== "/") continue;
      end = i + 1;
      if (s[i - 1] !== "\\") return end;
    }
    if (end > 0) return end;
    throw new QuerySyntaxError(
      "lucene",
      s,
      start,
      ['a closing "/"'],
      "end of input",
      'unterminated regular expression: this "/" has no closing "/" (escape it as \\/ to search for a slash)',
    );
  }

  /** A range value runs until a space, `]` or `}` (tabs and line breaks included). */
  private rangeValueEnd(start: number): number {
    const s = this.source;
    let i = start;
    while (i < s.length && s[i] !== " " && s[i] !== "]" && s[i] !== "}") i++;
    return i;
  }

  /** A quoted range value: at least one character, `\"` may be inside; -1 when there is none. */
  private rangeQuotedEnd(start: number): number {
    const s = this.source;
    let end = -1;
    for (let i = start + 1; i < s.length; i++) {
      if (s[i] !== '"') continue;
      if (i >= start + 2) end = i + 1;
      if (s[i - 1] !== "\\") break;
    }
    return end;
  }
}

function digitsEnd(s: string, from: number): number {
  let i = from;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  return i;
}
