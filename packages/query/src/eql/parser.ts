/*
 * A recursive-descent parser for EQL as Elasticsearch accepts it: the rules of EqlBase.g4
 * (x-pack/plugin/eql/src/main/antlr) plus the checks Elasticsearch makes while building the query from the parse tree
 * (EqlParser's post-processor, AbstractBuilder, LogicalPlanBuilder in x-pack/plugin/eql/.../parser), which fail the
 * query just as a syntax error does. Checks made later (unknown functions, field types, verifier rules) are not here:
 * whatever the grammar and the builder accept, this parser accepts.
 *
 * Grammar, in short (precedence from loose to tight):
 *   statement   := query ("|" IDENT (expr ("," expr)*)?)*
 *   query       := sequence | sample | join | eventFilter
 *   sequence    := "sequence" (by ("with" maxspan)? | "with" maxspan by?)? seqTerm+ ("until" seqTerm)?
 *   sample      := "sample" by? joinTerm+
 *   join        := "join" by? joinTerm joinTerm+ ("until" joinTerm)?
 *   seqTerm     := subquery by? ("with" IDENT "=" number)?          joinTerm := subquery by?
 *   subquery    := ("[" | "![") eventFilter "]"                        by := "by" expr ("," expr)*
 *   eventFilter := ("any" | IDENT | STRING) "where" expr
 *   expr        := "not" expr | IDENT "of" subquery | value | expr "and" expr | expr "or" expr   (not > and > or)
 *   value       := operand (("==" | "!=" | "<" | "<=" | ">" | ">=") operand)?
 *   operand     := primary predicate? | ("-" | "+") operand | operand ("*" | "/" | "%") operand | operand ("+" | "-") operand
 *   predicate   := "not"? ("in" | "in~") "(" expr ("," expr)* ")" | (":" | "like" | "like~" | "regex" | "regex~") (constant | "(" constant ("," constant)* ")")
 *   primary     := constant | (IDENT | IDENT~) "(" (expr ("," expr)*)? ")" | "?"? name ("." name | "[" INT+ "]")* | "(" expr ")"
 */
import { QuerySyntaxError } from "../syntax-error";
import type {
  EqlEventFilter,
  EqlExpression,
  EqlField,
  EqlJoinQuery,
  EqlLiteral,
  EqlMatch,
  EqlMaxspan,
  EqlPipe,
  EqlQuery,
  EqlSampleQuery,
  EqlSequenceQuery,
  EqlTerm,
} from "./ast";
import { tokenizeEql, type EqlToken, type EqlTokenKind } from "./lexer";

/** Parses an EQL query; throws QuerySyntaxError (language "eql") where Elasticsearch would refuse it. */
export function parseEql(source: string): EqlQuery {
  return new EqlParser(source).parseStatement();
}

const EXPRESSION_CONTINUATIONS = ['"and"', '"or"', "an operator"];
const COMPARISON_OPERATORS = new Set<EqlTokenKind>(["==", "!=", "<", "<=", ">", ">="]);
const MATCH_OPERATORS = new Set<EqlTokenKind>([":", "like", "like~", "regex", "regex~"]);
const LITERAL_KINDS = new Set<EqlTokenKind>(["null", "true", "false", "integer", "decimal", "string"]);
/** Token kinds that are words (keywords): a field name part spelled like one needs backquotes. */
const isKeyword = (token: EqlToken) => /^[a-z]+~?$/.test(token.kind);

/** The pipes Elasticsearch knows (LogicalPlanBuilder.SUPPORTED_PIPES); of them it runs only `head` and `tail`. */
const KNOWN_PIPES = ["count", "filter", "head", "sort", "tail", "unique", "unique_count"];
const RUNNABLE_PIPES = new Set(["head", "tail"]);
const TIME_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

class EqlParser {
  private readonly tokens: EqlToken[];
  private index = 0;
  /**
   * Errors Elasticsearch raises while building the query from a complete parse tree: a syntax error anywhere wins over
   * them, so they wait until the whole text has parsed; the first one is thrown.
   */
  private deferred: QuerySyntaxError | undefined;
  /** What could have continued the construct parsed last; named when unexpected text follows it. */
  private trailing: string[] = [];

  constructor(private readonly source: string) {
    this.tokens = tokenizeEql(source);
  }

  parseStatement(): EqlQuery {
    const query = this.parseQuery();
    while (this.at("|")) query.pipes.push(this.parsePipe());
    if (!this.at("eof")) this.fail([...this.trailing, '"|"', "end of input"]);
    if (query.pipes.length > 0) query.end = query.pipes[query.pipes.length - 1].end;
    if (this.deferred) throw this.deferred;
    return query;
  }

  // ---- queries -------------------------------------------------------------------------------------------------

  private parseQuery(): EqlQuery {
    const token = this.peek();
    const common = { source: this.source, pipes: [] as EqlPipe[] };
    switch (token.kind) {
      case "sequence":
        return { ...common, ...this.parseSequence() };
      case "sample":
        return { ...common, ...this.parseSample() };
      case "join":
        return { ...common, ...this.parseJoin() };
      default: {
        const filter = this.parseEventFilter(['"sequence"', '"sample"', '"join"']);
        this.trailing = EXPRESSION_CONTINUATIONS;
        return { ...common, type: "event", filter, start: filter.start, end: filter.end };
      }
    }
  }

  private parseSequence(): Omit<EqlSequenceQuery, "source" | "pipes"> {
    const keyword = this.advance();
    let by: EqlExpression[] = [];
    let maxspanTokens: MaxspanTokens | undefined;
    if (this.at("by")) {
      by = this.parseJoinKeys();
      if (this.at("with")) maxspanTokens = this.parseSequenceParams();
    } else if (this.at("with")) {
      maxspanTokens = this.parseSequenceParams();
      if (this.at("by")) {
        const misplaced = this.peek();
        this.parseJoinKeys();
        this.defer(misplaced, "a sequence's [by] goes before [with maxspan=…], not after");
      }
    }
    const maxspan = maxspanTokens && this.maxspan(maxspanTokens);
    const terms: EqlTerm[] = [];
    if (!this.atTermStart()) {
      this.fail(['"["', '"!["', ...(by.length === 0 ? ['"by"'] : []), ...(maxspanTokens ? [] : ['"with"'])]);
    }
    while (this.atTermStart()) terms.push(this.parseTerm(true));
    let until: EqlTerm | undefined;
    this.trailing = ['"["', '"!["', '"until"'];
    if (this.at("until")) {
      this.advance();
      until = this.parseTerm(true);
      this.trailing = [];
    }
    this.checkKeyCounts(until ? [...terms, until] : terms);
    const queries = terms.reduce((count, term) => count + (term.runs ?? 1), 0);
    if (queries < 2) {
      this.defer(keyword, `a sequence needs at least 2 queries (a query with [with runs=N] counts N times); found ${queries}`);
    }
    return { type: "sequence", by, maxspan, terms, until, start: keyword.start, end: (until ?? terms[terms.length - 1]).end };
  }

  private parseSample(): Omit<EqlSampleQuery, "source" | "pipes"> {
    const keyword = this.advance();
    const by = this.at("by") ? this.parseJoinKeys() : [];
    const terms: EqlTerm[] = [];
    if (!this.atTermStart()) this.fail(['"["', '"!["', ...(by.length === 0 ? ['"by"'] : [])]);
    while (this.atTermStart()) terms.push(this.parseTerm(false));
    this.trailing = ['"["', '"!["'];
    return { type: "sample", by, terms, start: keyword.start, end: terms[terms.length - 1].end };
  }

  private parseJoin(): Omit<EqlJoinQuery, "source" | "pipes"> {
    const keyword = this.advance();
    const by = this.at("by") ? this.parseJoinKeys() : [];
    const terms: EqlTerm[] = [];
    // join needs two terms at least: `joinTerm joinTerm+`.
    while (terms.length < 2 || this.atTermStart()) {
      if (!this.atTermStart()) this.fail(['"["', '"!["', ...(terms.length === 0 && by.length === 0 ? ['"by"'] : [])]);
      terms.push(this.parseTerm(false));
    }
    let until: EqlTerm | undefined;
    this.trailing = ['"["', '"!["', '"until"'];
    if (this.at("until")) {
      this.advance();
      until = this.parseTerm(false);
      this.trailing = [];
    }
    this.checkKeyCounts(until ? [...terms, until] : terms);
    return { type: "join", by, terms, until, start: keyword.start, end: (until ?? terms[terms.length - 1]).end };
  }

  /** `with maxspan = <number> <unit>?`: the tokens, checked by `maxspan()` once the `by` placement is known. */
  private parseSequenceParams(): MaxspanTokens {
    this.advance();
    this.expect("maxspan", ['"maxspan"']);
    this.expect("=", ['"="']);
    const number = this.peek();
    if (number.kind !== "integer" && number.kind !== "decimal") this.fail(["a number"]);
    this.advance();
    const unit = this.at("identifier") ? this.advance() : undefined;
    return { number, unit };
  }

  /** LogicalPlanBuilder.visitSequenceParams: a positive integer and one of ms, s, m, h, d. */
  private maxspan({ number, unit }: MaxspanTokens): EqlMaxspan | undefined {
    const end = (unit ?? number).end;
    if (number.kind === "decimal") {
      this.defer(number, `maxspan must be a positive integer; the decimal [${number.text}] is not supported`);
      return undefined;
    }
    const value = Number(number.text);
    if (value <= 0) {
      this.defer(number, `maxspan must be positive; found [${number.text}]`);
      return undefined;
    }
    if (!unit) {
      this.defer(number, `maxspan needs a time unit, e.g. [${number.text}s]; one of ms, s, m, h, d`);
      return undefined;
    }
    const millis = TIME_UNITS[unit.text];
    if (millis === undefined) {
      this.defer(unit, `unknown time unit [${unit.text}] in maxspan; use one of ms, s, m, h, d`);
      return undefined;
    }
    return { value, unit: unit.text as EqlMaxspan["unit"], millis: value * millis, start: number.start, end };
  }

  /** Every term (and `until`) must name as many `by` keys as the first (LogicalPlanBuilder: "Inconsistent number of join keys"). */
  private checkKeyCounts(terms: EqlTerm[]): void {
    const expected = terms[0].by.length;
    for (const term of terms.slice(1)) {
      if (term.by.length !== expected) {
        const at = term.by.length > 0 ? term.by[0].start : term.start;
        this.deferAt(at, `inconsistent number of join keys: the first query has ${expected} [by] key(s) of its own, this one ${term.by.length}`);
        return;
      }
    }
  }

  private atTermStart(): boolean {
    return this.at("[") || this.at("![");
  }

  /** `[ filter ] (by keys)?` and, in a sequence, `(with runs=N)?`; `![ … ]` is a missing event. */
  private parseTerm(inSequence: boolean): EqlTerm {
    const { open, filter, close } = this.parseSubquery();
    const by = this.at("by") ? this.parseJoinKeys() : [];
    const term: EqlTerm = { missing: open.kind === "![", filter, by, start: open.start, end: by.length > 0 ? by[by.length - 1].end : close.end };
    if (inSequence && this.at("with")) {
      this.advance();
      const key = this.expect("identifier", ['"runs"']);
      this.expect("=", ['"="']);
      const value = this.peek();
      if (value.kind !== "integer" && value.kind !== "decimal") this.fail(["a number"]);
      this.advance();
      term.end = value.end;
      if (key.text !== "runs") this.defer(key, `unknown sequence query option [${key.text}]; the only one is [runs]`);
      else if (value.kind !== "integer" || Number(value.text) < 1) this.defer(value, `runs must be a positive integer; found [${value.text}]`);
      else term.runs = Number(value.text);
    }
    return term;
  }

  private parseSubquery(): { open: EqlToken; filter: EqlEventFilter; close: EqlToken } {
    if (!this.atTermStart()) this.fail(['"["', '"!["']);
    const open = this.advance();
    const filter = this.parseEventFilter([]);
    const close = this.expect("]", [...EXPRESSION_CONTINUATIONS, '"]"']);
    return { open, filter, close };
  }

  private parseJoinKeys(): EqlExpression[] {
    this.advance();
    const keys = [this.parseExpression()];
    while (this.at(",")) {
      this.advance();
      keys.push(this.parseExpression());
    }
    return keys;
  }

  private parseEventFilter(alternatives: string[]): EqlEventFilter {
    const token = this.peek();
    let category: string;
    if (token.kind === "any" || token.kind === "identifier") category = token.text;
    else if (token.kind === "string") category = this.stringValue(token);
    else {
      const reason =
        token.kind === "quoted-identifier"
          ? `an event category is a name or a double-quoted string, not a backquoted name: write "${token.text.slice(1, -1)}"`
          : undefined;
      return this.fail(["an event category", '"any"', ...alternatives], token, reason);
    }
    this.advance();
    this.expect("where", ['"where"']);
    const condition = this.parseExpression();
    return {
      category,
      anyCategory: token.kind === "any",
      categorySpan: { start: token.start, end: token.end },
      condition,
      start: token.start,
      end: condition.end,
    };
  }

  private parsePipe(): EqlPipe {
    const bar = this.advance();
    const name = this.expect("identifier", ["a pipe name (head, tail)"]);
    const args: EqlExpression[] = [];
    if (!this.at("|") && !this.at("eof")) {
      args.push(this.parseExpression());
      while (this.at(",")) {
        this.advance();
        args.push(this.parseExpression());
      }
    }
    this.trailing = args.length > 0 ? [...EXPRESSION_CONTINUATIONS, '","'] : [];
    const pipe: EqlPipe = { name: name.text, args, start: bar.start, end: args.length > 0 ? args[args.length - 1].end : name.end };
    this.checkPipe(pipe, name);
    return pipe;
  }

  /** LogicalPlanBuilder.pipe: a known pipe; only head and tail run, each with one non-negative integer. */
  private checkPipe(pipe: EqlPipe, name: EqlToken): void {
    if (!KNOWN_PIPES.includes(pipe.name)) {
      this.defer(name, `unknown pipe [${pipe.name}]; Elasticsearch runs [head] and [tail]`);
    } else if (!RUNNABLE_PIPES.has(pipe.name)) {
      this.defer(name, `pipe [${pipe.name}] is not supported by Elasticsearch; only [head] and [tail] are`);
    } else if (pipe.args.length !== 1) {
      this.deferAt(pipe.start, `pipe [${pipe.name}] takes exactly one argument, found ${pipe.args.length}`);
    } else {
      const limit = this.foldInteger(pipe.args[0]);
      if (limit === undefined || limit < 0) this.deferAt(pipe.args[0].start, `pipe [${pipe.name}] takes a non-negative integer`);
    }
  }

  /** The value of an integer constant expression (Elasticsearch folds it), or undefined. */
  private foldInteger(expression: EqlExpression): number | undefined {
    switch (expression.type) {
      case "literal":
        // Parentheses around a literal are part of its span: `(5)`.
        return typeof expression.value === "number" && /^\d+$/.test(this.source.slice(expression.start, expression.end).replace(/[()\s]/g, ""))
          ? expression.value
          : undefined;
      case "unary": {
        const operand = this.foldInteger(expression.operand);
        return operand === undefined ? undefined : expression.operator === "-" ? -operand : operand;
      }
      case "arithmetic": {
        const left = this.foldInteger(expression.left);
        const right = this.foldInteger(expression.right);
        if (left === undefined || right === undefined) return undefined;
        if ((expression.operator === "/" || expression.operator === "%") && right === 0) return undefined;
        const operations = { "+": left + right, "-": left - right, "*": left * right, "/": Math.trunc(left / right), "%": left % right };
        return operations[expression.operator];
      }
      default:
        return undefined;
    }
  }

  // ---- expressions ---------------------------------------------------------------------------------------------

  private parseExpression(): EqlExpression {
    let left = this.parseAnd();
    while (this.at("or")) {
      this.advance();
      const right = this.parseAnd();
      left = { type: "or", left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseAnd(): EqlExpression {
    let left = this.parseNot();
    while (this.at("and")) {
      this.advance();
      const right = this.parseNot();
      left = { type: "and", left, right, start: left.start, end: right.end };
    }
    return left;
  }

  /** `not` binds tighter than `and`/`or`: `not a and b` is `(not a) and b`. */
  private parseNot(): EqlExpression {
    if (this.at("not")) {
      const not = this.advance();
      const operand = this.parseNot();
      return { type: "not", operand, start: not.start, end: operand.end };
    }
    if (this.at("identifier") && this.peek(1).kind === "of") {
      // `descendant of [ … ]`: in the grammar, refused by EqlParser's post-processor once parsed.
      const relationship = this.advance();
      this.advance();
      this.parseSubquery();
      return this.failAt(relationship, [], `process relationships ([${relationship.text} of [ … ]]) are not supported by Elasticsearch`);
    }
    return this.parseComparison();
  }

  /** One comparison at most: `a < b < c` does not parse. */
  private parseComparison(): EqlExpression {
    const left = this.parseAdditive();
    if (!COMPARISON_OPERATORS.has(this.peek().kind)) return left;
    const operator = this.advance().kind as "==" | "!=" | "<" | "<=" | ">" | ">=";
    const right = this.parseAdditive();
    return { type: "comparison", operator, left, right, start: left.start, end: right.end };
  }

  private parseAdditive(): EqlExpression {
    let left = this.parseMultiplicative();
    while (this.at("+") || this.at("-")) {
      const operator = this.advance().kind as "+" | "-";
      const right = this.parseMultiplicative();
      left = { type: "arithmetic", operator, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseMultiplicative(): EqlExpression {
    let left = this.parseUnary();
    while (this.at("*") || this.at("/") || this.at("%")) {
      const operator = this.advance().kind as "*" | "/" | "%";
      const right = this.parseUnary();
      left = { type: "arithmetic", operator, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseUnary(): EqlExpression {
    if (this.at("-") || this.at("+")) {
      const sign = this.advance();
      const operand = this.parseUnary();
      return { type: "unary", operator: sign.kind as "+" | "-", operand, start: sign.start, end: operand.end };
    }
    return this.parsePredicated();
  }

  /** A primary expression and at most one predicate: `[not] in (…)`, `:`, `like`, `like~`, `regex`, `regex~`. */
  private parsePredicated(): EqlExpression {
    const value = this.parsePrimary();
    const token = this.peek();
    if (token.kind === "not") {
      this.advance();
      if (!this.at("in") && !this.at("in~")) this.fail(['"in"', '"in~"']);
      return this.parseInList(value, true);
    }
    if (token.kind === "in" || token.kind === "in~") return this.parseInList(value, false);
    if (!MATCH_OPERATORS.has(token.kind)) return value;
    const operator = this.advance().kind as EqlMatch["operator"];
    const patterns: EqlLiteral[] = [];
    let end: number;
    if (this.at("(")) {
      this.advance();
      patterns.push(this.parseConstant(operator));
      while (this.at(",")) {
        this.advance();
        patterns.push(this.parseConstant(operator));
      }
      end = this.expect(")", ['","', '")"']).end;
    } else {
      patterns.push(this.parseConstant(operator, true));
      end = patterns[0].end;
    }
    return { type: "match", operator, value, patterns, start: value.start, end };
  }

  private parseInList(value: EqlExpression, negated: boolean): EqlExpression {
    const operator = this.advance();
    this.expect("(", ['"("']);
    const list = [this.parseExpression()];
    while (this.at(",")) {
      this.advance();
      list.push(this.parseExpression());
    }
    const close = this.expect(")", [...EXPRESSION_CONTINUATIONS, '","', '")"']);
    return { type: "in", negated, caseInsensitive: operator.kind === "in~", value, list, start: value.start, end: close.end };
  }

  /** The right side of `:`, `like`, `regex`…: a constant only (a string, number, boolean or null), never a field. */
  private parseConstant(operator: string, listAllowed = false): EqlLiteral {
    const token = this.peek();
    if (LITERAL_KINDS.has(token.kind)) return this.parseLiteral();
    const expected = ["a string", "a number", '"true"', '"false"', '"null"', ...(listAllowed ? ['"("'] : [])];
    const reason =
      token.kind === "identifier" || token.kind === "quoted-identifier" || token.kind === "?" || token.kind === "-"
        ? `the right side of [${operator}] must be a constant (string, number, boolean or null), found ${this.describe(token)}`
        : undefined;
    return this.fail(expected, token, reason);
  }

  private parsePrimary(): EqlExpression {
    const token = this.peek();
    if (LITERAL_KINDS.has(token.kind)) return this.parseLiteral();
    switch (token.kind) {
      case "identifier":
        return this.peek(1).kind === "(" ? this.parseCall() : this.parseField();
      case "tilde-identifier":
        if (this.peek(1).kind !== "(") {
          this.advance();
          this.fail(['"("'], this.peek(), `[${token.text}] is a case-insensitive function name and must be called: ${token.text}(…)`);
        }
        return this.parseCall();
      case "quoted-identifier":
      case "?":
        return this.parseField();
      case "(": {
        this.advance();
        const inner = this.parseExpression();
        const close = this.expect(")", [...EXPRESSION_CONTINUATIONS, '")"']);
        return { ...inner, start: token.start, end: close.end };
      }
      default:
        return this.fail(["a field", "a function call", "a string, number, boolean or null", '"("']);
    }
  }

  private parseCall(): EqlExpression {
    const name = this.advance();
    this.advance();
    const args: EqlExpression[] = [];
    if (!this.at(")")) {
      args.push(this.parseExpression());
      while (this.at(",")) {
        this.advance();
        args.push(this.parseExpression());
      }
    }
    const close = this.expect(")", args.length > 0 ? [...EXPRESSION_CONTINUATIONS, '","', '")"'] : ["an argument", '")"']);
    const caseInsensitive = name.kind === "tilde-identifier";
    return { type: "call", name: caseInsensitive ? name.text.slice(0, -1) : name.text, caseInsensitive, args, start: name.start, end: close.end };
  }

  /** `?`? name (`.` name | `[` INT+ `]`)*; array indexes parse but Elasticsearch refuses them (EqlParser post-processor). */
  private parseField(): EqlField {
    const start = this.peek().start;
    const optional = this.at("?");
    if (optional) this.advance();
    const parts = [this.fieldNamePart()];
    let end = this.tokens[this.index - 1].end;
    for (;;) {
      if (this.at(".")) {
        this.advance();
        parts.push(this.fieldNamePart());
        end = this.tokens[this.index - 1].end;
      } else if (this.at("[") && this.peek(1).kind === "integer") {
        this.advance();
        const firstIndex = this.advance();
        while (this.at("integer")) this.advance();
        this.expect("]", ['"]"']);
        this.failAt(firstIndex, [], "array indexes are not supported by Elasticsearch's EQL");
      } else {
        break;
      }
    }
    return { type: "field", name: parts.join("."), optional, start, end };
  }

  private fieldNamePart(): string {
    const token = this.peek();
    if (token.kind === "identifier") return this.advance().text;
    if (token.kind === "quoted-identifier") return this.advance().text.slice(1, -1).replaceAll("``", "`");
    const reason = isKeyword(token) ? `[${token.text}] is an EQL keyword; write it in backquotes (\`${token.text}\`) to use it in a field name` : undefined;
    return this.fail(["a field name"], token, reason);
  }

  private parseLiteral(): EqlLiteral {
    const token = this.advance();
    const span = { start: token.start, end: token.end };
    switch (token.kind) {
      case "null":
        return { type: "literal", value: null, ...span };
      case "true":
      case "false":
        return { type: "literal", value: token.kind === "true", ...span };
      case "integer":
      case "decimal":
        return { type: "literal", value: Number(token.text), ...span };
      default:
        return { type: "literal", value: this.stringValue(token), ...span };
    }
  }

  /** AbstractBuilder.unquoteString: `"…"` with escapes, `"""…"""` as is; `'…'` and `?"…"` are refused. */
  private stringValue(token: EqlToken): string {
    const text = token.text;
    if (text.startsWith("?")) {
      this.defer(token, `use triple double quotes ("""…""") for a raw string, not [?${text[1]}]`);
      return text.slice(2, -1);
    }
    if (text.startsWith('"""')) return text.slice(3, -3);
    if (text.startsWith("'")) this.defer(token, `use double quotes ["] for strings, not single quotes [']`);
    let value = "";
    for (let i = 1; i < text.length - 1; i++) {
      const c = text[i];
      if (c !== "\\") {
        value += c;
        continue;
      }
      const escaped = text[++i];
      if (escaped === "u") {
        const close = text.indexOf("}", i);
        const hex = text.slice(i + 2, close);
        value += this.unicodeCharacter(hex, token.start + i - 1);
        i = close;
      } else {
        value += ESCAPED_CHARACTERS[escaped] ?? escaped;
      }
    }
    return value;
  }

  private unicodeCharacter(hex: string, offset: number): string {
    if (hex.length < 2 || hex.length > 8) {
      this.deferAt(offset, `a unicode escape takes 2 to 8 hex digits; [\\u{${hex}}] has ${hex.length}`);
      return "";
    }
    const code = parseInt(hex, 16);
    if (code >= 0xd800 && code <= 0xdfff) {
      this.deferAt(offset, `invalid unicode character [\\u{${hex}}]: a surrogate code`);
      return "";
    }
    if (code > 0x10ffff) {
      this.deferAt(offset, `invalid unicode character code [\\u{${hex}}]`);
      return "";
    }
    return String.fromCodePoint(code);
  }

  // ---- tokens and errors ---------------------------------------------------------------------------------------

  private peek(ahead = 0): EqlToken {
    const token = this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
    if (token.kind === "invalid") throw token.error!;
    return token;
  }

  private at(kind: EqlTokenKind): boolean {
    return this.peek().kind === kind;
  }

  private advance(): EqlToken {
    const token = this.peek();
    if (token.kind !== "eof") this.index++;
    return token;
  }

  private expect(kind: EqlTokenKind, expected: string[]): EqlToken {
    if (!this.at(kind)) this.fail(expected);
    return this.advance();
  }

  private fail(expected: string[], token = this.peek(), reason?: string): never {
    throw new QuerySyntaxError("eql", this.source, token.start, expected, this.describe(token), reason);
  }

  private failAt(token: EqlToken, expected: string[], reason: string): never {
    throw new QuerySyntaxError("eql", this.source, token.start, expected, this.describe(token), reason);
  }

  private defer(token: EqlToken, reason: string): void {
    this.deferred ??= new QuerySyntaxError("eql", this.source, token.start, [], this.describe(token), reason);
  }

  private deferAt(offset: number, reason: string): void {
    const token = this.tokens.find((t) => t.start >= offset) ?? this.tokens[this.tokens.length - 1];
    this.deferred ??= new QuerySyntaxError("eql", this.source, offset, [], this.describe(token), reason);
  }

  private describe(token: EqlToken): string {
    if (token.kind === "eof") return "end of input";
    const text = token.text.length > 40 ? `${token.text.slice(0, 37)}…` : token.text;
    return token.kind === "string" ? text : `"${text}"`;
  }
}

interface MaxspanTokens {
  number: EqlToken;
  unit?: EqlToken;
}

const ESCAPED_CHARACTERS: Record<string, string> = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", '"': '"', "'": "'", "\\": "\\" };
