/**
 * A small KQL subset for saved-object `filter` parameters (`alert.attributes.tags:"x"`, `exception-list.attributes.name:foo`):
 *
 *   expr    := orExpr
 *   orExpr  := andExpr ("or" andExpr)*
 *   andExpr := notExpr ("and" notExpr)*
 *   notExpr := "not" notExpr | primary
 *   primary := "(" expr ")" | field ":" valueExpr | field ("<"|"<="|">"|">=") value | value
 *   valueExpr := value | "(" valueOr ")"     valueOr := valueAnd ("or" valueAnd)*   valueAnd := valueNot ("and" valueNot)*
 *   value   := "quoted string" | unquoted (with * wildcards; `field:*` = exists)
 *
 * Keywords are case-insensitive. Evaluation is delegated to a field resolver so each family maps attribute names.
 */

export type KqlValue = { kind: "literal"; value: string; quoted: boolean } | { kind: "or" | "and"; values: KqlValue[] } | { kind: "not"; value: KqlValue };

export type KqlNode =
  | { kind: "or" | "and"; nodes: KqlNode[] }
  | { kind: "not"; node: KqlNode }
  | { kind: "match"; field: string | null; value: KqlValue }
  | { kind: "range"; field: string; op: "<" | "<=" | ">" | ">="; value: string };

export class KqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly input: string,
  ) {
    super(message);
    this.name = "KQLSyntaxError";
  }
}

type Token =
  | { t: "lparen" | "rparen" | "colon" | "eof"; pos: number }
  | { t: "range"; op: "<" | "<=" | ">" | ">="; pos: number }
  | { t: "word"; v: string; quoted: boolean; pos: number };

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      out.push({ t: c === "(" ? "lparen" : "rparen", pos: i++ });
    } else if (c === ":") {
      out.push({ t: "colon", pos: i++ });
    } else if (c === "<" || c === ">") {
      const op = (input[i + 1] === "=" ? c + "=" : c) as "<" | "<=" | ">" | ">=";
      out.push({ t: "range", op, pos: i });
      i += op.length;
    } else if (c === '"') {
      const start = i++;
      let v = "";
      while (i < input.length && input[i] !== '"') {
        if (input[i] === "\\" && i + 1 < input.length) i++;
        v += input[i++];
      }
      if (i >= input.length) throw new KqlSyntaxError(`Unterminated quoted string at position ${start}`, input);
      i++;
      out.push({ t: "word", v, quoted: true, pos: start });
    } else {
      const start = i;
      let v = "";
      while (i < input.length && !/[\s():<>"]/.test(input[i]!)) {
        if (input[i] === "\\" && i + 1 < input.length) i++;
        v += input[i++];
      }
      out.push({ t: "word", v, quoted: false, pos: start });
    }
  }
  out.push({ t: "eof", pos: input.length });
  return out;
}

export function parseKql(input: string): KqlNode | null {
  if (!input.trim()) return null;
  const tokens = tokenize(input);
  let p = 0;
  const peek = () => tokens[p]!;
  const isKeyword = (tok: Token, kw: string) => tok.t === "word" && !tok.quoted && tok.v.toLowerCase() === kw;
  const fail = (what: string): never => {
    const tok = peek();
    const found =
      tok.t === "eof"
        ? "end of input"
        : tok.t === "word"
          ? `"${tok.v}"`
          : tok.t === "range"
            ? `"${tok.op}"`
            : `"${tok.t === "lparen" ? "(" : tok.t === "rparen" ? ")" : ":"}"`;
    throw new KqlSyntaxError(`Expected ${what} but ${found} found at position ${tok.pos}`, input);
  };

  function valueAtom(): KqlValue {
    const tok = peek();
    if (isKeyword(tok, "not")) {
      p++;
      return { kind: "not", value: valueAtom() };
    }
    if (tok.t === "lparen") {
      p++;
      const v = valueOr();
      if (peek().t !== "rparen") fail('")"');
      p++;
      return v;
    }
    if (tok.t !== "word") return fail("a value");
    p++;
    return { kind: "literal", value: tok.v, quoted: tok.quoted };
  }
  function valueAnd(): KqlValue {
    const values = [valueAtom()];
    while (isKeyword(peek(), "and")) {
      p++;
      values.push(valueAtom());
    }
    return values.length === 1 ? values[0]! : { kind: "and", values };
  }
  function valueOr(): KqlValue {
    const values = [valueAnd()];
    while (isKeyword(peek(), "or")) {
      p++;
      values.push(valueAnd());
    }
    return values.length === 1 ? values[0]! : { kind: "or", values };
  }

  function primary(): KqlNode {
    const tok = peek();
    if (tok.t === "lparen") {
      p++;
      const n = orExpr();
      if (peek().t !== "rparen") fail('")"');
      p++;
      return n;
    }
    if (tok.t !== "word") return fail("a field name or value");
    p++;
    const next = peek();
    if (next.t === "colon") {
      p++;
      const v = peek().t === "lparen" ? valueAtom() : valueAtom();
      return { kind: "match", field: tok.v, value: v };
    }
    if (next.t === "range") {
      p++;
      const v = peek();
      if (v.t !== "word") return fail("a value");
      p++;
      return { kind: "range", field: tok.v, op: next.op, value: v.v };
    }
    return { kind: "match", field: null, value: { kind: "literal", value: tok.v, quoted: tok.quoted } };
  }
  function notExpr(): KqlNode {
    if (isKeyword(peek(), "not")) {
      p++;
      return { kind: "not", node: notExpr() };
    }
    return primary();
  }
  function andExpr(): KqlNode {
    const nodes = [notExpr()];
    while (isKeyword(peek(), "and")) {
      p++;
      nodes.push(notExpr());
    }
    return nodes.length === 1 ? nodes[0]! : { kind: "and", nodes };
  }
  function orExpr(): KqlNode {
    const nodes = [andExpr()];
    while (isKeyword(peek(), "or")) {
      p++;
      nodes.push(andExpr());
    }
    return nodes.length === 1 ? nodes[0]! : { kind: "or", nodes };
  }

  const ast = orExpr();
  if (peek().t !== "eof") fail("AND, OR or end of input");
  return ast;
}

export interface KqlFieldInfo {
  /** Values of the field in the document (arrays flattened); empty/undefined when absent. */
  values: unknown[];
  /** `text` fields match tokens case-insensitively; `keyword` (default) match exactly. */
  kind?: "keyword" | "text";
}

export type KqlResolver = (field: string | null) => KqlFieldInfo;

function globToRegExp(glob: string, flags: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\?]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`, flags);
}

function literalMatches(lit: { value: string; quoted: boolean }, info: KqlFieldInfo): boolean {
  const values = info.values.filter((v) => v !== undefined && v !== null);
  if (!lit.quoted && lit.value === "*") return values.length > 0;
  const text = info.kind === "text";
  const wildcard = !lit.quoted && lit.value.includes("*");
  return values.some((raw) => {
    const v = typeof raw === "string" ? raw : JSON.stringify(raw);
    if (text) {
      const hay = v.toLowerCase();
      const needle = lit.value.toLowerCase();
      if (wildcard) return hay.split(/[^\p{L}\p{N}_*]+/u).some((tokenised) => globToRegExp(needle, "i").test(tokenised)) || globToRegExp(needle, "i").test(hay);
      // phrase / term match on analysed text
      const words = hay.split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
      const want = needle.split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
      if (!want.length) return hay === needle;
      for (let i = 0; i + want.length <= words.length; i++) if (want.every((w, j) => words[i + j] === w)) return true;
      return false;
    }
    if (wildcard) return globToRegExp(lit.value, "").test(v);
    return v === lit.value;
  });
}

function valueMatches(value: KqlValue, info: KqlFieldInfo): boolean {
  switch (value.kind) {
    case "literal":
      return literalMatches(value, info);
    case "or":
      return value.values.some((v) => valueMatches(v, info));
    case "and":
      return value.values.every((v) => valueMatches(v, info));
    case "not":
      return !valueMatches(value.value, info);
  }
}

function compare(a: unknown, op: "<" | "<=" | ">" | ">=", b: string): boolean {
  const na = typeof a === "number" ? a : Number(a);
  const nb = Number(b);
  const [x, y] = !Number.isNaN(na) && !Number.isNaN(nb) && b.trim() !== "" ? [na, nb] : [String(a), b];
  switch (op) {
    case "<":
      return x < y;
    case "<=":
      return x <= y;
    case ">":
      return x > y;
    case ">=":
      return x >= y;
  }
}

export function evaluateKql(node: KqlNode | null, resolve: KqlResolver): boolean {
  if (!node) return true;
  switch (node.kind) {
    case "and":
      return node.nodes.every((n) => evaluateKql(n, resolve));
    case "or":
      return node.nodes.some((n) => evaluateKql(n, resolve));
    case "not":
      return !evaluateKql(node.node, resolve);
    case "match":
      return valueMatches(node.value, resolve(node.field));
    case "range":
      return resolve(node.field).values.some((v) => v !== undefined && v !== null && compare(v, node.op, node.value));
  }
}

/** Reads a dotted path from an object, flattening arrays on the way. */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  let current: unknown[] = [doc];
  for (const key of path.split(".")) {
    const next: unknown[] = [];
    for (const c of current) {
      if (c === null || c === undefined) continue;
      if (Array.isArray(c)) {
        for (const el of c) if (el && typeof el === "object") next.push((el as Record<string, unknown>)[key]);
      } else if (typeof c === "object") next.push((c as Record<string, unknown>)[key]);
    }
    current = next.flatMap((v): unknown[] => (Array.isArray(v) ? v : [v]));
  }
  return current.filter((v) => v !== undefined);
}
