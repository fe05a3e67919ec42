import { QuerySyntaxError, positionAt } from "../syntax-error";
import type {
  LuceneClause,
  LuceneClauseNode,
  LuceneField,
  LuceneGroup,
  LucenePhrase,
  LuceneQuery,
  LuceneRange,
  LuceneRangeBound,
  LuceneRegex,
  LuceneRoot,
  LuceneTerm,
} from "./ast";
import { unescapeLucene } from "./escapes";
import { describeFound, LuceneLexer, type RangeTokenKind, type Token, type TokenKind } from "./lexer";

/*
 * The grammar of Lucene's classic query parser as Elasticsearch's query_string query runs it:
 *
 *   Query     ::= Modifier? Clause ( Conjunction? Modifier? Clause )*
 *   Clause    ::= ( TERM ":" | "*" ":" )? ( Term | "(" Query ")" ( "^" NUMBER )? )
 *   Term      ::= ( word | REGEX | QUOTED ) ( "^" NUMBER FUZZY? | FUZZY ( "^" NUMBER )? )?
 *               | ( "[" | "{" ) bound "TO" bound ( "]" | "}" ) ( "^" NUMBER )?
 *
 * with Conjunction AND/&&/OR/|| and Modifier +/-/NOT/!. Elasticsearch accepts a query that is empty or only whitespace
 * (Kibana sends match_all for it). Elasticsearch's own additions (`_exists_:field`, `field:>=10`) are terms to the
 * grammar and are recognised afterwards.
 */

const CLAUSE = ["a term", "a phrase", "a range", "a regular expression", '"("'];
const AFTER_CLAUSE = ["AND", "OR", "NOT", "another clause"];
const BARE_WORDS: ReadonlySet<TokenKind> = new Set(["TERM", "STAR", "PREFIXTERM", "WILDTERM", "BAREOPER"]);
const CLAUSE_STARTS: ReadonlySet<TokenKind> = new Set([...BARE_WORDS, "REGEXPTERM", "QUOTED", "RANGEIN_START", "RANGEEX_START", "LPAREN"]);
const MODIFIERS: Readonly<Partial<Record<TokenKind, LuceneClause["modifier"]>>> = { PLUS: "+", MINUS: "-", NOT: "NOT" };
const CONJUNCTIONS: Readonly<Partial<Record<TokenKind, LuceneClause["conjunction"]>>> = { AND: "AND", OR: "OR" };

/** Parses a Lucene query; throws `QuerySyntaxError` where Elasticsearch's query_string would fail to parse it. */
export function parseLucene(source: string): LuceneRoot {
  if (source.trim() === "") return { kind: "query", clauses: [], start: 0, end: source.length, source };
  const query = new Parser(source).parseTopLevel();
  return { ...query, source };
}

class Parser {
  private readonly lexer: LuceneLexer;
  private readonly ahead: Token[] = [];
  private previous: Token | undefined;
  /** How many `(` are open. */
  private depth = 0;

  constructor(private readonly source: string) {
    this.lexer = new LuceneLexer(source);
  }

  parseTopLevel(): LuceneQuery {
    const query = this.parseQuery(undefined);
    const next = this.peek();
    if (next.kind !== "EOF") this.failAfterClause(next, [...AFTER_CLAUSE, "end of input"], undefined);
    return query;
  }

  private parseQuery(field: LuceneField | undefined): LuceneQuery {
    const clauses = [this.parseClause(field, undefined, this.takeIf(MODIFIERS))];
    for (;;) {
      const next = this.peek();
      const conjunction = CONJUNCTIONS[next.kind];
      if (conjunction === undefined && MODIFIERS[next.kind] === undefined && !CLAUSE_STARTS.has(next.kind)) break;
      const conjunctionToken = conjunction === undefined ? undefined : this.take();
      clauses.push(this.parseClause(field, conjunctionToken, this.takeIf(MODIFIERS)));
    }
    return { kind: "query", clauses, start: clauses[0]!.start, end: clauses[clauses.length - 1]!.end };
  }

  private parseClause(inherited: LuceneField | undefined, conjunction: Token | undefined, modifier: Token | undefined): LuceneClause {
    const first = this.peek();
    let field: LuceneField | undefined;
    if ((first.kind === "TERM" || first.kind === "STAR") && this.peek(1).kind === "COLON") {
      this.take();
      this.take();
      field = { name: unescapeLucene(first.text, this.source, first.start), raw: first.text, start: first.start, end: first.end };
      const after = this.peek();
      if (!CLAUSE_STARTS.has(after.kind)) {
        this.fail(after, CLAUSE, `expected a value after "${first.text}:" (a term, phrase, range, regular expression or "(") but found ${found(after)}`);
      }
    }
    const node = this.parseClauseBody(field, field ?? inherited, modifier ?? conjunction);
    const clause: LuceneClause = { node, start: (conjunction ?? modifier ?? field ?? node).start, end: node.end };
    if (conjunction) clause.conjunction = CONJUNCTIONS[conjunction.kind]!;
    if (modifier) clause.modifier = MODIFIERS[modifier.kind]!;
    return clause;
  }

  private parseClauseBody(field: LuceneField | undefined, effectiveField: LuceneField | undefined, operator: Token | undefined): LuceneClauseNode {
    const token = this.peek();
    const start = token.start;
    const withField = <T extends LuceneClauseNode>(node: T): T => (field ? { ...node, field } : node);
    switch (token.kind) {
      case "LPAREN": {
        this.take();
        this.depth++;
        const query = this.parseQuery(effectiveField);
        const close = this.peek();
        if (close.kind !== "RPAREN") this.failAfterClause(close, [...AFTER_CLAUSE, '")"'], token);
        this.take();
        this.depth--;
        const group: LuceneGroup = withField({ kind: "group", query, start, end: close.end });
        this.boost(group);
        return group;
      }
      case "QUOTED": {
        this.take();
        const phrase: LucenePhrase = withField({
          kind: "phrase",
          raw: token.text,
          value: unescapeLucene(token.text.slice(1, -1), this.source, token.start + 1),
          start,
          end: token.end,
        });
        this.suffixes(phrase, (slop) => (phrase.slop = slop));
        return phrase;
      }
      case "REGEXPTERM": {
        this.take();
        unescapeLucene(token.text, this.source, token.start);
        const regex: LuceneRegex = withField({ kind: "regex", raw: token.text, pattern: token.text.slice(1, -1), start, end: token.end });
        this.suffixes(regex, () => undefined);
        return regex;
      }
      case "RANGEIN_START":
      case "RANGEEX_START":
        this.take();
        return this.range(token, field);
      default:
        if (BARE_WORDS.has(token.kind)) {
          this.take();
          const term = this.term(token, start);
          this.suffixes(term, (fuzzy) => (term.fuzzy = fuzzy));
          if (effectiveField && effectiveField.name !== "_exists_" && term.fuzzy === undefined) readComparison(term);
          return withField(term);
        }
        if (token.kind === "RPAREN" && this.depth === 0) return this.fail(token, CLAUSE, `unbalanced ")": no "(" is open here`);
        if (operator && token.kind === "EOF") {
          return this.fail(token, CLAUSE, `"${operator.text}" at the end of the query has nothing to apply to: expected a clause after it`);
        }
        return this.fail(token, CLAUSE);
    }
  }

  private term(token: Token, start: number): LuceneTerm {
    const text = token.kind === "BAREOPER" ? token.text[0]! : token.text;
    const unescaped = unescapeLucene(text, this.source, token.start);
    const wildcard = token.kind === "PREFIXTERM" ? "prefix" : token.kind === "WILDTERM" || token.kind === "STAR" ? "pattern" : "none";
    const value = wildcard === "prefix" ? unescapeLucene(text.slice(0, -1), this.source, token.start) : wildcard === "pattern" ? text : unescaped;
    return { kind: "term", raw: text, value, wildcard, start, end: token.end };
  }

  /** `^boost` and `~fuzziness` after a term or phrase, in either order, each at most once. */
  private suffixes(node: LuceneTerm | LucenePhrase | LuceneRegex, setFuzzy: (text: string) => void): void {
    const next = this.peek();
    if (next.kind === "CARAT") {
      this.boost(node);
      const fuzzy = this.peek();
      if (fuzzy.kind === "FUZZY_SLOP") this.fuzzy(node, setFuzzy);
    } else if (next.kind === "FUZZY_SLOP") {
      this.fuzzy(node, setFuzzy);
      this.boost(node);
    }
  }

  private fuzzy(node: LuceneTerm | LucenePhrase | LuceneRegex, setFuzzy: (text: string) => void): void {
    const token = this.take();
    setFuzzy(token.text.slice(1));
    node.end = token.end;
  }

  /** An optional `^NUMBER`; the number must follow the caret directly. */
  private boost(node: LuceneClauseNode): void {
    if (this.peek().kind !== "CARAT") return;
    this.take();
    const number = this.lexer.boostNumber();
    node.boost = Number(number.text);
    node.end = number.end;
  }

  private range(open: Token, field: LuceneField | undefined): LuceneRange {
    const lowerToken = this.rangeToken(["a lower bound"], ["RANGE_GOOP", "RANGE_QUOTED", "RANGE_TO"], open);
    this.rangeToken(['"TO"'], ["RANGE_TO"], open, `a range needs "TO" between its bounds, as in [a TO b]`);
    const upperToken = this.rangeToken(["an upper bound"], ["RANGE_GOOP", "RANGE_QUOTED", "RANGE_TO"], open);
    const close = this.rangeToken(['"]"', '"}"'], ["RANGEIN_END", "RANGEEX_END"], open);
    const range: LuceneRange = {
      kind: "range",
      lower: this.bound(lowerToken, open.kind === "RANGEIN_START"),
      upper: this.bound(upperToken, close.kind === "RANGEIN_END"),
      start: open.start,
      end: close.end,
    };
    if (field) range.field = field;
    this.boost(range);
    return range;
  }

  private rangeToken(expected: string[], kinds: RangeTokenKind[], open: Token, hint?: string): Token<RangeTokenKind> {
    const token = this.lexer.nextInRange();
    if (kinds.includes(token.kind)) return token;
    if (kinds.includes("RANGE_TO") && /^TO[\t\n\r\u3000]/.test(token.text)) {
      hint = `"TO" must be followed by a space: a tab or line break right after it makes it part of the next bound`;
    }
    const unclosed = token.kind === "EOF" ? `; the "${open.text}" at ${where(this.source, open.start)} is not closed` : "";
    const reason = `expected ${list(expected)} but found ${found(token)}${hint && token.kind !== "EOF" ? ` (${hint})` : ""}${unclosed}`;
    return this.fail(token, expected, reason);
  }

  private bound(token: Token<RangeTokenKind>, inclusive: boolean): LuceneRangeBound {
    const quoted = token.kind === "RANGE_QUOTED";
    const inner = quoted ? token.text.slice(1, -1) : token.text;
    const value = !quoted && inner === "*" ? "*" : unescapeLucene(inner, this.source, token.start + (quoted ? 1 : 0));
    return { raw: token.text, value: value === "*" ? null : value, inclusive, start: token.start, end: token.end };
  }

  /** The token after a complete clause is neither an operator nor a clause nor what closes the query. */
  private failAfterClause(token: Token, expected: string[], open: Token | undefined): never {
    if (token.kind === "EOF" && open) {
      return this.fail(token, expected, `expected ${list(expected)} but found end of input; the "(" at ${where(this.source, open.start)} is not closed`);
    }
    if (token.kind === "RPAREN") return this.fail(token, expected, `unbalanced ")": no "(" is open here`);
    if (token.kind === "COLON" && (this.previous?.kind === "PREFIXTERM" || this.previous?.kind === "WILDTERM")) {
      const escaped = this.previous.text.replace(/(?<!\\)([*?])/g, "\\$1");
      return this.fail(token, expected, `a field name cannot contain an unescaped "*" or "?": write ${escaped}: instead`);
    }
    if (token.kind === "COLON") {
      return this.fail(token, expected, `unexpected ":": only a field name may come before ":" (escape it as \\: to search for a colon)`);
    }
    if (token.kind === "CARAT") return this.fail(token, expected, `unexpected "^": a boost goes once, right after a term, phrase, range or ")"`);
    if (token.kind === "FUZZY_SLOP") return this.fail(token, expected, `unexpected "${token.text}": "~" goes once, right after a term or phrase`);
    return this.fail(token, expected);
  }

  private fail(token: Token<string>, expected: string[], reason?: string): never {
    throw new QuerySyntaxError("lucene", this.source, token.start, expected, found(token), reason);
  }

  private peek(k = 0): Token {
    while (this.ahead.length <= k) this.ahead.push(this.lexer.next());
    return this.ahead[k]!;
  }

  private take(): Token {
    const token = this.peek();
    this.ahead.shift();
    this.previous = token;
    return token;
  }

  private takeIf(kinds: Partial<Record<TokenKind, unknown>>): Token | undefined {
    return kinds[this.peek().kind] === undefined ? undefined : this.take();
  }
}

/**
 * Elasticsearch reads a plain term of a field starting with `>`, `>=`, `<` or `<=` as a one-sided range
 * (QueryStringQueryParser.getFieldQuery): `age:>=10`; a lone `>` stays a term, and `>=` alone is "greater than =".
 */
function readComparison(term: LuceneTerm): void {
  const value = term.value;
  if (term.wildcard !== "none" || value.length < 2 || (value[0] !== ">" && value[0] !== "<")) return;
  const orEqual = value.length > 2 && value[1] === "=";
  term.comparison = `${value[0]}${orEqual ? "=" : ""}` as LuceneTerm["comparison"];
  term.value = value.slice(orEqual ? 2 : 1);
}

function found(token: Token<string>): string {
  return token.kind === "EOF" ? "end of input" : describeFound(token.text);
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "nothing") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

function where(source: string, offset: number): string {
  const p = positionAt(source, offset);
  return `line ${p.line}, column ${p.column}`;
}
