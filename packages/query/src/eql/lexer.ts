/*
 * The EQL lexer, after the token rules of Elasticsearch's EqlBase.g4 (x-pack/plugin/eql/src/main/antlr): keywords are
 * lower-case only (the parser reads the text as it is, with no case-insensitive stream), an identifier is
 * `[A-Za-z_@][A-Za-z0-9_]*`, a backquoted identifier doubles a backquote to escape it, `name~` is a function name,
 * and whitespace and comments (`//` to the end of the line, `/* *\/` nesting) separate tokens.
 */
import { QuerySyntaxError } from "../syntax-error";

export type EqlKeyword =
  | "and"
  | "any"
  | "by"
  | "false"
  | "in"
  | "in~"
  | "join"
  | "like"
  | "like~"
  | "maxspan"
  | "not"
  | "null"
  | "of"
  | "or"
  | "regex"
  | "regex~"
  | "sample"
  | "sequence"
  | "true"
  | "until"
  | "where"
  | "with";

export type EqlPunctuation =
  ":" | "=" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/" | "%" | "." | "," | "[" | "]" | "(" | ")" | "|" | "?" | "![";

export type EqlTokenKind =
  | EqlKeyword
  | EqlPunctuation
  /** `[A-Za-z_@][A-Za-z0-9_]*` that is not a keyword. */
  | "identifier"
  /** `` `any text` ``, a backquote doubled inside. */
  | "quoted-identifier"
  /** `name~`: the case-insensitive variant of a function. */
  | "tilde-identifier"
  | "string"
  | "integer"
  | "decimal"
  | "eof"
  /** Text no token matches; carries the error, thrown when the parser reaches it (as Elasticsearch's lexer does). */
  | "invalid";

export interface EqlToken {
  kind: EqlTokenKind;
  /** The exact source text. */
  text: string;
  start: number;
  end: number;
  /** On an `invalid` token: what is wrong there. */
  error?: QuerySyntaxError;
}

const KEYWORDS: ReadonlySet<string> = new Set<EqlKeyword>([
  "and",
  "any",
  "by",
  "false",
  "in",
  "join",
  "like",
  "maxspan",
  "not",
  "null",
  "of",
  "or",
  "regex",
  "sample",
  "sequence",
  "true",
  "until",
  "where",
  "with",
]);
/** Keywords that take a `~` suffix as a token of their own (`in~`), before the generic `name~` function name. */
const TILDE_KEYWORDS: ReadonlySet<string> = new Set(["in", "like", "regex"]);

const SINGLE_PUNCTUATION: Record<string, EqlPunctuation> = {
  ":": ":",
  "+": "+",
  "-": "-",
  "*": "*",
  "%": "%",
  ",": ",",
  "[": "[",
  "]": "]",
  "(": "(",
  ")": ")",
  "|": "|",
};

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentifierPart = (c: number) => isLetter(c) || isDigit(c) || c === 95;
const isLineBreak = (c: number) => c === 10 || c === 13;
const isHexDigit = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

const CHAR_ESCAPES = new Set(["b", "t", "n", "f", "r", '"', "'", "\\"]);

/**
 * Splits an EQL query into tokens, ending with one `eof` token, or, at the first text no token matches, with an `invalid`
 * token carrying the QuerySyntaxError: the parser throws it only when it gets there, so that an earlier syntax error is
 * reported first, as Elasticsearch (whose lexer feeds the parser token by token) does.
 */
export function tokenizeEql(source: string): EqlToken[] {
  const tokens: EqlToken[] = [];
  try {
    lexAll(source, tokens);
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    const offset = error.position.offset;
    tokens.push({ kind: "invalid", text: source.slice(offset, offset + 1), start: offset, end: offset, error });
  }
  return tokens;
}

function lexAll(source: string, tokens: EqlToken[]): void {
  const length = source.length;
  let i = 0;
  const push = (kind: EqlTokenKind, start: number, end: number) => {
    tokens.push({ kind, text: source.slice(start, end), start, end });
    i = end;
  };

  while (i < length) {
    const c = source.charCodeAt(i);
    const next = i + 1 < length ? source.charCodeAt(i + 1) : -1;

    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    if (c === 47 /* / */ && next === 47) {
      while (i < length && !isLineBreak(source.charCodeAt(i))) i++;
      continue;
    }
    if (c === 47 && next === 42 /* * */) {
      const end = bracketedCommentEnd(source, i);
      // An unclosed `/*` is no comment: the lexer falls back to the `/` token (and `*` after it).
      if (end >= 0) {
        i = end;
        continue;
      }
    }
    if (isLetter(c) || c === 95 || c === 64 /* @ */) {
      let end = i + 1;
      while (end < length && isIdentifierPart(source.charCodeAt(end))) end++;
      const word = source.slice(i, end);
      // `name~` is one token only when the name starts with a letter (TILDE_IDENTIFIER: LETTER (LETTER|DIGIT|'_')* '~').
      if (end < length && source.charCodeAt(end) === 126 /* ~ */ && isLetter(c)) {
        push(TILDE_KEYWORDS.has(word) ? (`${word}~` as EqlKeyword) : "tilde-identifier", i, end + 1);
      } else {
        push(KEYWORDS.has(word) ? (word as EqlKeyword) : "identifier", i, end);
      }
      continue;
    }
    if (isDigit(c) || (c === 46 /* . */ && isDigit(next))) {
      lexNumber();
      continue;
    }
    if (c === 34 /* " */) {
      push("string", i, doubleQuotedStringEnd(source, i));
      continue;
    }
    if (c === 39 /* ' */) {
      push("string", i, singleQuotedStringEnd(source, i, i + 1, 39));
      continue;
    }
    if (c === 63 /* ? */) {
      // `?"…"` and `?'…'`: the old raw strings, still lexed (and refused by the parser with a pointer to `"""`).
      if (next === 34 || next === 39) {
        push("string", i, rawStringEnd(source, i, next));
      } else {
        push("?", i, i + 1);
      }
      continue;
    }
    if (c === 96 /* ` */) {
      let end = i + 1;
      for (;;) {
        if (end >= length) throw lexError(source, i, "a closing backquote", "the backquoted name is never closed");
        if (source.charCodeAt(end) === 96) {
          if (source.charCodeAt(end + 1) === 96) {
            end += 2;
            continue;
          }
          break;
        }
        end++;
      }
      push("quoted-identifier", i, end + 1);
      continue;
    }
    switch (c) {
      case 61 /* = */:
        push(next === 61 ? "==" : "=", i, next === 61 ? i + 2 : i + 1);
        continue;
      case 33 /* ! */:
        if (next === 61) push("!=", i, i + 2);
        else if (next === 91) push("![", i, i + 2);
        else throw lexError(source, i, '"!=" or "!["', `"!" alone is no EQL token (use "not", "!=" or "![" for a missing event)`);
        continue;
      case 60 /* < */:
        push(next === 61 ? "<=" : "<", i, next === 61 ? i + 2 : i + 1);
        continue;
      case 62 /* > */:
        push(next === 61 ? ">=" : ">", i, next === 61 ? i + 2 : i + 1);
        continue;
      case 46 /* . */:
        push(".", i, i + 1);
        continue;
      case 47 /* / */:
        push("/", i, i + 1);
        continue;
    }
    const punctuation = SINGLE_PUNCTUATION[source[i]];
    if (punctuation) {
      push(punctuation, i, i + 1);
      continue;
    }
    throw lexError(source, i, "a token", `unexpected character ${JSON.stringify(String.fromCodePoint(source.codePointAt(i)!))}`);
  }
  tokens.push({ kind: "eof", text: "", start: length, end: length });

  /** INTEGER_VALUE: DIGIT+; DECIMAL_VALUE: DIGIT+ '.' DIGIT*, '.' DIGIT+, either with an exponent, or DIGIT+ EXPONENT. */
  function lexNumber(): void {
    const start = i;
    let end = i;
    let decimal = false;
    while (end < length && isDigit(source.charCodeAt(end))) end++;
    if (source.charCodeAt(end) === 46) {
      decimal = true;
      end++;
      while (end < length && isDigit(source.charCodeAt(end))) end++;
    }
    const e = source.charCodeAt(end);
    if (e === 69 || e === 101) {
      let exponentEnd = end + 1;
      const sign = source.charCodeAt(exponentEnd);
      if (sign === 43 || sign === 45) exponentEnd++;
      if (isDigit(source.charCodeAt(exponentEnd))) {
        while (exponentEnd < length && isDigit(source.charCodeAt(exponentEnd))) exponentEnd++;
        end = exponentEnd;
        decimal = true;
      }
    }
    push(decimal ? "decimal" : "integer", start, end);
  }
}

/** The end of a nested `/* … *\/` comment starting at `start`, or -1 when it is never closed. */
function bracketedCommentEnd(source: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < source.length) {
    if (source.charCodeAt(i) === 47 && source.charCodeAt(i + 1) === 42) {
      depth++;
      i += 2;
    } else if (source.charCodeAt(i) === 42 && source.charCodeAt(i + 1) === 47) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return -1;
}

/**
 * `"""raw"""` (no line break inside; up to two more `"` glued to the closing quotes belong to the string) or
 * `"escaped"` whose escapes are `\b \t \n \f \r \" \' \\` and `\u{hex}`.
 */
function doubleQuotedStringEnd(source: string, start: number): number {
  if (source.startsWith('"""', start)) {
    for (let i = start + 3; i < source.length && !isLineBreak(source.charCodeAt(i)); i++) {
      if (source.startsWith('"""', i)) {
        let end = i + 3;
        if (source.charCodeAt(end) === 34) end++;
        if (source.charCodeAt(end) === 34) end++;
        return end;
      }
    }
    // No closing `"""` on the line: the longest token that matches is the empty string `""`.
  }
  for (let i = start + 1; ; i++) {
    const c = source.charCodeAt(i);
    if (i >= source.length || isLineBreak(c)) {
      throw lexError(source, start, "a closing double quote", "the string is not closed before the end of the line");
    }
    if (c === 34) return i + 1;
    if (c === 92 /* \ */) {
      const escaped = source[i + 1];
      if (escaped === "u" && source.charCodeAt(i + 2) === 123 /* { */) {
        let j = i + 3;
        while (j < source.length && isHexDigit(source.charCodeAt(j))) j++;
        if (j > i + 3 && source.charCodeAt(j) === 125 /* } */) {
          i = j;
          continue;
        }
        throw lexError(source, i, "\\u{hex digits}", "a unicode escape is written \\u{XXXX} with 2 to 8 hex digits");
      }
      if (escaped !== undefined && CHAR_ESCAPES.has(escaped)) {
        i++;
        continue;
      }
      throw lexError(
        source,
        i,
        "an escape sequence",
        `${JSON.stringify(`\\${escaped ?? ""}`)} is not an EQL escape (valid: \\\\ \\" \\' \\n \\t \\r \\b \\f \\u{…}); write a backslash as \\\\ or use a """raw""" string`,
      );
    }
  }
}

/** `'…'`, escapes as in double-quoted strings. */
function singleQuotedStringEnd(source: string, start: number, from: number, quote: number): number {
  for (let i = from; ; i++) {
    const c = source.charCodeAt(i);
    if (i >= source.length || isLineBreak(c)) throw lexError(source, start, "a closing quote", "the string is not closed before the end of the line");
    if (c === quote) return i + 1;
    if (c === 92) {
      if (!CHAR_ESCAPES.has(source[i + 1])) {
        throw lexError(source, i, "an escape sequence", `${JSON.stringify(`\\${source[i + 1] ?? ""}`)} is not an EQL escape`);
      }
      i++;
    }
  }
}

/** `?"…"` / `?'…'`: only the closing quote preceded by a backslash is escaped. */
function rawStringEnd(source: string, start: number, quote: number): number {
  for (let i = start + 2; ; i++) {
    const c = source.charCodeAt(i);
    if (i >= source.length || (quote === 34 && isLineBreak(c)) || (quote === 39 && isLineBreak(c))) {
      throw lexError(source, start, "a closing quote", "the string is not closed before the end of the line");
    }
    if (c === 92 && source.charCodeAt(i + 1) === quote) {
      i++;
      continue;
    }
    if (c === quote) return i + 1;
  }
}

function lexError(source: string, offset: number, expected: string, reason: string): QuerySyntaxError {
  return new QuerySyntaxError("eql", source, offset, [expected], describeCharacter(source, offset), reason);
}

function describeCharacter(source: string, offset: number): string {
  return offset >= source.length ? "end of input" : JSON.stringify(source.slice(offset, offset + 1));
}
