/**
 * KQL for saved-object `filter` parameters (`alert.attributes.tags:"x"`, `exception-list.attributes.name:foo`):
 * parsed by @esac/query's parser (Kibana's grammar), evaluated here against a field resolver so each family maps
 * attribute names. Syntax errors read as Kibana's KQLSyntaxError does.
 */
import { parseKql as parseKqlQuery, QuerySyntaxError, type KqlLiteral, type KqlNode } from "@esac/query";

export type { KqlNode } from "@esac/query";

/**
 * A filter Kibana's KQL grammar rejects. `message` is Kibana's short message, `Expected <sorted expectations> but
 * "<character>" found.` (src/platform/packages/shared/kbn-es-query/src/kuery/kuery_syntax_error.ts).
 */
export class KqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly input: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "KQLSyntaxError";
  }
}

/** The parsed filter, or null for an empty one (no filter: every object matches). */
export function parseKql(input: string): KqlNode | null {
  if (!input.trim()) return null;
  try {
    return parseKqlQuery(input);
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    const { offset } = error.position;
    const found = offset < input.length ? `"${input[offset]}"` : "end of input";
    throw new KqlSyntaxError(`Expected ${error.expected.join(", ")} but ${found} found.`, input, offset);
  }
}

export interface KqlFieldInfo {
  /** Values of the field in the document (arrays flattened); empty/undefined when absent. */
  values: unknown[];
  /** `text` fields match tokens case-insensitively; `keyword` (default) match exactly. */
  kind?: "keyword" | "text";
}

export type KqlResolver = (field: string | null) => KqlFieldInfo;

/** A wildcard value as a regular expression: its pieces literal, each unescaped `*` any run of characters. */
function wildcardRegExp(pieces: string[], flags: string): RegExp {
  return new RegExp(`^${pieces.map((piece) => piece.replace(/[.*+^${}()|[\]\\?]/g, "\\$&")).join(".*")}$`, flags);
}

function literalMatches(lit: KqlLiteral, info: KqlFieldInfo): boolean {
  const values = info.values.filter((v) => v !== undefined && v !== null);
  const pieces = lit.wildcardPieces;
  if (pieces?.length === 2 && lit.text === "*") return values.length > 0;
  const text = info.kind === "text";
  return values.some((raw) => {
    const v = typeof raw === "string" ? raw : JSON.stringify(raw);
    if (text) {
      const hay = v.toLowerCase();
      const needle = lit.text.toLowerCase();
      if (pieces) {
        const pattern = wildcardRegExp(pieces, "i");
        return hay.split(/[^\p{L}\p{N}_*]+/u).some((tokenised) => pattern.test(tokenised)) || pattern.test(hay);
      }
      // phrase / term match on analysed text
      const words = hay.split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
      const want = needle.split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
      if (!want.length) return hay === needle;
      for (let i = 0; i + want.length <= words.length; i++) if (want.every((w, j) => words[i + j] === w)) return true;
      return false;
    }
    if (pieces) return wildcardRegExp(pieces, "").test(v);
    return v === lit.text;
  });
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

function hasValue(info: KqlFieldInfo): boolean {
  return info.values.some((v) => v !== undefined && v !== null);
}

export function evaluateKql(node: KqlNode | null, resolve: KqlResolver): boolean {
  if (!node) return true;
  switch (node.kind) {
    case "all":
      return true;
    case "and":
      return node.nodes.every((n) => evaluateKql(n, resolve));
    case "or":
      return node.nodes.some((n) => evaluateKql(n, resolve));
    case "not":
      return !evaluateKql(node.node, resolve);
    case "match":
      return literalMatches(node.value, resolve(node.field?.name ?? null));
    case "exists":
      return hasValue(resolve(node.field.name));
    case "range":
      return resolve(node.field.name).values.some((v) => v !== undefined && v !== null && compare(v, node.operator, node.value.text));
    case "nested": {
      // The inner fields are relative to the nested path (Kibana's nested function, functions/nested.ts).
      const path = node.path.name;
      return evaluateKql(node.query, (field) => resolve(field === null ? null : `${path}.${field}`));
    }
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
