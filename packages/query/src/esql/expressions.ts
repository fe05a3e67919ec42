/**
 * ES|QL expressions, with Elasticsearch's precedence (loosest first): OR; AND; NOT; the predicates `IN (…)`,
 * `[NOT] LIKE/RLIKE`, `IS [NOT] NULL` and the match operator `field: query`; one comparison (not chained); `+ -`;
 * `* / %`; unary `- +`; `::` casts; primaries (literals, columns, function calls, parentheses).
 */
import type { EsqlAggregate, EsqlColumn, EsqlExpression, EsqlField, EsqlListLiteral, EsqlLiteral, EsqlMap, EsqlNamePattern } from "./ast";
import type { Cursor } from "./cursor";
import type { LexMode, Token } from "./lexer";

const EXPRESSION = "an expression";
/** Keywords that also name functions (the FIRST and LAST aggregations). */
const KEYWORD_FUNCTIONS = new Set(["first", "last"]);
const COMPARISONS = new Set(["==", "!=", "=~", "<", "<=", ">", ">="]);

export function parseBooleanExpression(c: Cursor): EsqlExpression {
  let left = parseAnd(c);
  while (c.acceptKeyword("expression", "or")) {
    const right = parseAnd(c);
    left = { type: "binary", operator: "or", left, right, start: left.start, end: right.end };
  }
  return left;
}

function parseAnd(c: Cursor): EsqlExpression {
  let left = parseNot(c);
  while (c.acceptKeyword("expression", "and")) {
    const right = parseNot(c);
    left = { type: "binary", operator: "and", left, right, start: left.start, end: right.end };
  }
  return left;
}

function parseNot(c: Cursor): EsqlExpression {
  const not = c.acceptKeyword("expression", "not");
  if (!not) return parsePredicate(c);
  const operand = parseNot(c);
  return { type: "unary", operator: "not", operand, start: not.start, end: operand.end };
}

function parsePredicate(c: Cursor): EsqlExpression {
  const value = parseValueExpression(c);
  const next = c.peek("expression");
  if (next.kind === "colon") return parseMatch(c, value);
  let negated = false;
  let operator = next;
  if (c.is(next, "keyword", "not")) {
    const after = c.peekSecond("expression", "expression");
    if (!["in", "like", "rlike"].includes(after.value) || after.kind !== "keyword") {
      c.take("expression");
      throw c.error(after, ["IN", "LIKE", "RLIKE"]);
    }
    c.take("expression");
    negated = true;
    operator = after;
  }
  if (c.is(operator, "keyword", "in")) {
    c.take("expression");
    c.expect("expression", "lparen", '"("');
    const list = [parseValueExpression(c)];
    while (c.accept("expression", "comma")) list.push(parseValueExpression(c));
    c.expect("expression", "rparen", '"," or ")"');
    return { type: "in", negated, value, list, start: value.start, end: c.end };
  }
  if (c.is(operator, "keyword", "like") || c.is(operator, "keyword", "rlike")) {
    c.take("expression");
    const patterns: EsqlExpression[] = [];
    if (c.accept("expression", "lparen")) {
      patterns.push(parsePattern(c));
      while (c.accept("expression", "comma")) patterns.push(parsePattern(c));
      c.expect("expression", "rparen", '"," or ")"');
    } else {
      patterns.push(parsePattern(c));
    }
    return { type: "like", operator: operator.value as "like" | "rlike", negated, value, patterns, start: value.start, end: c.end };
  }
  if (c.is(operator, "keyword", "is")) {
    c.take("expression");
    const not = c.acceptKeyword("expression", "not");
    const isNull = c.peek("expression");
    if (!c.is(isNull, "keyword", "null")) throw c.error(isNull, not ? ["NULL"] : ["NOT", "NULL"]);
    c.take("expression");
    return { type: "isNull", negated: not !== undefined, value, start: value.start, end: c.end };
  }
  return value;
}

/** A LIKE/RLIKE pattern: a string (or a query parameter standing for one). */
function parsePattern(c: Cursor): EsqlExpression {
  const token = c.peek("expression");
  if (token.kind === "string") return stringLiteral(c);
  if (token.kind === "param") return parseConstant(c);
  throw c.error(token, ["a pattern string"]);
}

/** `field : query` or `field::type : query` (the full-text match operator). */
function parseMatch(c: Cursor, left: EsqlExpression): EsqlExpression {
  const colon = c.peek("expression");
  const field = left.type === "cast" ? left.value : left;
  if (field.type !== "column") throw c.error(colon, ["an operator", '"|"', "end of input"], "the match operator ':' needs a column name on its left");
  c.take("expression");
  const query = parseConstant(c);
  return {
    type: "match",
    field,
    ...(left.type === "cast" ? { fieldType: left.dataType } : {}),
    query,
    start: left.start,
    end: query.end,
  };
}

export function parseValueExpression(c: Cursor): EsqlExpression {
  const left = parseAdditive(c);
  const next = c.peek("expression");
  if (next.kind !== "operator" || !COMPARISONS.has(next.value)) return left;
  c.take("expression");
  const right = parseAdditive(c);
  return { type: "binary", operator: next.value, left, right, start: left.start, end: right.end };
}

function parseAdditive(c: Cursor): EsqlExpression {
  let left = parseMultiplicative(c);
  for (;;) {
    const next = c.peek("expression");
    if (next.kind !== "operator" || (next.value !== "+" && next.value !== "-")) return left;
    c.take("expression");
    const right = parseMultiplicative(c);
    left = { type: "binary", operator: next.value, left, right, start: left.start, end: right.end };
  }
}

function parseMultiplicative(c: Cursor): EsqlExpression {
  let left = parseUnary(c);
  for (;;) {
    const next = c.peek("expression");
    if (next.kind !== "operator" || (next.value !== "*" && next.value !== "/" && next.value !== "%")) return left;
    c.take("expression");
    const right = parseUnary(c);
    left = { type: "binary", operator: next.value, left, right, start: left.start, end: right.end };
  }
}

function parseUnary(c: Cursor): EsqlExpression {
  const next = c.peek("expression");
  if (next.kind === "operator" && (next.value === "-" || next.value === "+")) {
    c.take("expression");
    const operand = parseUnary(c);
    return { type: "unary", operator: next.value, operand, start: next.start, end: operand.end };
  }
  return parsePrimary(c);
}

/** A primary expression with its `::type` casts. */
export function parsePrimary(c: Cursor): EsqlExpression {
  let value = parsePrimaryBase(c);
  while (c.accept("expression", "cast")) {
    const type = c.peek("expression");
    if (type.kind !== "identifier" && type.kind !== "quotedIdentifier") throw c.error(type, ["a type name"]);
    c.take("expression");
    value = { type: "cast", value, dataType: type.value.toLowerCase(), start: value.start, end: type.end };
  }
  return value;
}

function parsePrimaryBase(c: Cursor): EsqlExpression {
  const token = c.peek("expression");
  if (token.kind === "lparen") {
    c.take("expression");
    const inner = parseBooleanExpression(c);
    c.expect("expression", "rparen", '")"');
    return inner;
  }
  if (token.kind === "keyword" && KEYWORD_FUNCTIONS.has(token.value) && c.peekSecond("expression", "expression").kind === "lparen") {
    return parseFunctionCall(c);
  }
  if (token.kind === "identifier" || token.kind === "quotedIdentifier" || token.kind === "param") {
    const second = c.peekSecond("expression", "expression");
    if (second.kind === "lparen" && token.kind !== "quotedIdentifier") return parseFunctionCall(c);
    if (token.kind === "param" && second.kind !== "dot") return parseConstant(c);
    return parseQualifiedName(c, "expression");
  }
  return parseConstant(c, EXPRESSION);
}

function parseFunctionCall(c: Cursor): EsqlExpression {
  const name = c.take("expression");
  c.take("expression");
  const args: EsqlExpression[] = [];
  const star = c.peek("expression");
  if (c.is(star, "operator", "*")) {
    c.take("expression");
    args.push({ type: "star", start: star.start, end: star.end });
  } else if (c.peek("expression").kind !== "rparen") {
    for (;;) {
      if (c.peek("expression").kind === "lbrace") {
        args.push(parseMap(c));
        break;
      }
      args.push(parseBooleanExpression(c));
      if (!c.accept("expression", "comma")) break;
    }
  }
  const close = c.peek("expression");
  if (close.kind !== "rparen") throw c.error(close, ['","', '")"']);
  c.take("expression");
  return { type: "function", name: name.value.toLowerCase(), args, start: name.start, end: close.end };
}

/** `{"key": value, …}`; a value is a constant, or (permissively) a nested map. */
export function parseMap(c: Cursor): EsqlMap {
  const open = c.expect("expression", "lbrace", '"{"');
  const entries: EsqlMap["entries"] = [];
  if (c.peek("expression").kind !== "rbrace") {
    do {
      const key = c.peek("expression");
      if (key.kind !== "string") throw c.error(key, ["a quoted option name"]);
      c.take("expression");
      c.expect("expression", "colon", '":"');
      const value = c.peek("expression").kind === "lbrace" ? parseMap(c) : parseConstant(c);
      entries.push({ key: key.value, value, start: key.start, end: value.end });
    } while (c.accept("expression", "comma"));
  }
  const close = c.peek("expression");
  if (close.kind !== "rbrace") throw c.error(close, ['","', '"}"']);
  c.take("expression");
  return { type: "map", entries, start: open.start, end: close.end };
}

/**
 * A literal: null, true/false, a (signed) number, a time span (`1 hour`, `15m`: an integer and a unit), a string, a
 * query parameter, or a list `[1, 2]` / `["a", "b"]` / `[true]`.
 */
export function parseConstant(c: Cursor, expected = "a literal value"): EsqlExpression {
  const token = c.peek("expression");
  const literal = (literalType: EsqlLiteral["literalType"], value: string, start: number, end: number): EsqlLiteral => ({
    type: "literal",
    literalType,
    value,
    start,
    end,
  });
  if (token.kind === "keyword" && (token.value === "null" || token.value === "true" || token.value === "false")) {
    c.take("expression");
    return literal(token.value === "null" ? "null" : "boolean", token.value, token.start, token.end);
  }
  if (token.kind === "string") return stringLiteral(c);
  if (token.kind === "param") {
    c.take("expression");
    return { type: "param", name: token.value, start: token.start, end: token.end };
  }
  if (token.kind === "lbracket") return parseList(c);
  const sign = token.kind === "operator" && (token.value === "-" || token.value === "+") ? token : undefined;
  const number = sign ? c.peekSecond("expression", "expression") : token;
  if (number.kind === "integer" || number.kind === "decimal") {
    if (sign) c.take("expression");
    c.take("expression");
    const start = sign?.start ?? number.start;
    const text = (sign?.value === "-" ? "-" : "") + number.text;
    const unit = number.kind === "integer" ? c.accept("expression", "identifier") : undefined;
    if (unit) return { ...literal("timespan", text, start, unit.end), unit: unit.value };
    return literal(number.kind, text, start, number.end);
  }
  throw c.error(sign ? number : token, [expected]);
}

function stringLiteral(c: Cursor): EsqlLiteral {
  const token = c.take("expression");
  return { type: "literal", literalType: "string", value: token.value, start: token.start, end: token.end };
}

function parseList(c: Cursor): EsqlListLiteral {
  const open = c.take("expression");
  const values: EsqlLiteral[] = [];
  let kind: string | undefined;
  do {
    const item = parseConstant(c, "a number, string or boolean");
    const itemKind = item.type === "literal" ? (item.literalType === "decimal" ? "integer" : item.literalType) : item.type;
    if (item.type !== "literal" || !["integer", "string", "boolean"].includes(itemKind) || (kind !== undefined && itemKind !== kind)) {
      throw c.error(
        { kind: "identifier", text: c.source.slice(item.start, item.end), value: "", start: item.start, end: item.end },
        [kind === undefined ? "a number, string or boolean" : `another ${kind === "integer" ? "number" : kind}`],
        "a list literal holds numbers, strings or booleans, all of one kind",
      );
    }
    kind = itemKind;
    values.push(item);
  } while (c.accept("expression", "comma"));
  const close = c.peek("expression");
  if (close.kind !== "rbracket") throw c.error(close, ['","', '"]"']);
  c.take("expression");
  return { type: "list", values, start: open.start, end: close.end };
}

/**
 * `a.b.c` (parts are identifiers, backquoted identifiers or parameters). After a dot, a keyword is accepted as a part
 * (`source.as.organization.name` runs in production); `keywordsAsNames` also accepts one first (MV_EXPAND, whose
 * mode has no keywords).
 */
export function parseQualifiedName(c: Cursor, mode: LexMode, keywordsAsNames = false): EsqlColumn {
  const parts: string[] = [];
  let parameterised = false;
  const first = c.peek(mode);
  let token = first;
  for (;;) {
    const isName = token.kind === "identifier" || token.kind === "quotedIdentifier" || token.kind === "param";
    if (!isName && !(token.kind === "keyword" && (parts.length > 0 || keywordsAsNames))) throw c.error(token, ["a column name"]);
    c.take(mode);
    parts.push(token.kind === "keyword" ? token.text : token.value);
    if (token.kind === "param") parameterised = true;
    if (!c.accept(mode, "dot")) break;
    token = c.peek(mode);
  }
  return { type: "column", name: parts.join("."), parts, parameterised, start: first.start, end: c.end };
}

/** When the next tokens are `name =` (not `==`), takes them and returns the name; else leaves the cursor. */
export function acceptAssignmentTarget(c: Cursor): EsqlColumn | undefined {
  const first = c.peek("expression");
  if (first.kind !== "identifier" && first.kind !== "quotedIdentifier" && first.kind !== "param") return undefined;
  const saved = c.pos;
  try {
    const name = parseQualifiedName(c, "expression");
    if (c.accept("expression", "assign")) return name;
  } catch {
    // not a name: an expression, parsed by the caller
  }
  c.pos = saved;
  return undefined;
}

/** `[name =] expression` (EVAL, ROW, STATS BY, RERANK ON). */
export function parseField(c: Cursor): EsqlField {
  const name = acceptAssignmentTarget(c);
  const expression = parseBooleanExpression(c);
  return { ...(name ? { name } : {}), expression, start: name?.start ?? expression.start, end: expression.end };
}

export function parseFields(c: Cursor): EsqlField[] {
  const fields = [parseField(c)];
  while (c.accept("expression", "comma")) fields.push(parseField(c));
  return fields;
}

/** `[name =] aggregation [WHERE condition]` (STATS, INLINE STATS). */
export function parseAggregates(c: Cursor): EsqlAggregate[] {
  const aggregates: EsqlAggregate[] = [];
  do {
    const field: EsqlAggregate = parseField(c);
    if (c.acceptKeyword("expression", "where")) {
      field.where = parseBooleanExpression(c);
      field.end = field.where.end;
    }
    aggregates.push(field);
  } while (c.accept("expression", "comma"));
  return aggregates;
}

/**
 * A column name pattern in `pattern` mode: parts joined by dots, each a run like `Esql*`, a backquoted name or a
 * parameter. Keywords not in `reserved` are names here (KEEP's mode has none: `KEEP first` is valid).
 */
export function parseNamePattern(c: Cursor, reserved: ReadonlySet<string>): EsqlNamePattern {
  const parts: string[] = [];
  let wildcard = false;
  let parameterised = false;
  const first = c.peek("pattern");
  let token: Token = first;
  for (;;) {
    const usable = token.kind === "pattern" || token.kind === "param" || (token.kind === "keyword" && !reserved.has(token.value));
    if (!usable) throw c.error(token, ["a column name"]);
    c.take("pattern");
    parts.push(token.kind === "keyword" ? token.text : token.value);
    if (token.kind === "param") parameterised = true;
    if (token.kind === "pattern" && token.text.replace(/`(?:[^`]|``)*`/g, "").includes("*")) wildcard = true;
    if (!c.accept("pattern", "dot")) break;
    token = c.peek("pattern");
  }
  return { type: "pattern", name: parts.join("."), wildcard, parameterised, start: first.start, end: c.end };
}

export function parseNamePatterns(c: Cursor, reserved: ReadonlySet<string>): EsqlNamePattern[] {
  const patterns = [parseNamePattern(c, reserved)];
  while (c.accept("pattern", "comma")) patterns.push(parseNamePattern(c, reserved));
  return patterns;
}
