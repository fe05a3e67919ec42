/**
 * ES|QL commands: `[SET …;]* source-command (| processing-command)*`. Source commands: FROM, TS, ROW, SHOW INFO,
 * PROMQL. Processing commands: those of Elasticsearch's production grammar (see PROCESSING_COMMANDS).
 */
import type { EsqlColumn, EsqlExpression, EsqlIndexPattern, EsqlNamePattern, EsqlProcessingCommand, EsqlQuery, EsqlSetting, EsqlSourceCommand } from "./ast";
import { Cursor } from "./cursor";
import {
  acceptAssignmentTarget,
  parseAggregates,
  parseBooleanExpression,
  parseConstant,
  parseFields,
  parseMap,
  parseNamePattern,
  parseNamePatterns,
  parsePrimary,
  parseQualifiedName,
} from "./expressions";
import type { Token } from "./lexer";

type Processing = EsqlProcessingCommand;
type CommandParser = (c: Cursor, keyword: Token) => Omit<Processing, "keyword" | "start" | "end">;

const SOURCE_COMMANDS = ["FROM", "ROW", "SHOW", "TS", "PROMQL"];
const NO_RESERVED = new Set<string>();
const RENAME_RESERVED = new Set(["as"]);
const ENRICH_RESERVED = new Set(["with"]);

export function parseStatement(source: string): EsqlQuery {
  const c = new Cursor(source);
  const settings: EsqlSetting[] = [];
  while (c.is(c.peek("command"), "word", "set")) settings.push(parseSetting(c));
  const query = parsePipeline(c, settings);
  const eof = c.peek("expression");
  if (eof.kind !== "eof") throw c.error(eof, ['"|"', "end of input"]);
  return query;
}

function parseSetting(c: Cursor): EsqlSetting {
  const set = c.take("command");
  const name = c.peek("expression");
  if (name.kind !== "identifier" && name.kind !== "quotedIdentifier") throw c.error(name, ["a setting name"]);
  c.take("expression");
  c.expect("expression", "assign", '"="');
  const value = c.peek("expression").kind === "lbrace" ? parseMap(c) : parseConstant(c);
  c.expect("expression", "semicolon", '";"');
  return { name: name.value, value, start: set.start, end: c.end };
}

function parsePipeline(c: Cursor, settings: EsqlSetting[]): EsqlQuery {
  const sourceCommand = parseSourceCommand(c);
  const commands: Processing[] = [];
  while (c.accept("expression", "pipe")) commands.push(parseProcessingCommand(c));
  return { source: c.source, settings, sourceCommand, commands, start: settings[0]?.start ?? sourceCommand.start, end: c.end };
}

function parseSourceCommand(c: Cursor): EsqlSourceCommand {
  const keyword = c.peek("command");
  const base = () => ({ keyword: keyword.text, start: keyword.start });
  if (keyword.kind !== "word") throw c.error(keyword, ["a source command (FROM, ROW, SHOW, TS or PROMQL)"]);
  switch (keyword.value) {
    case "from":
    case "ts": {
      c.take("command");
      const { indices, metadata } = parseIndicesAndMetadata(c);
      return { ...base(), kind: keyword.value, indices, metadata, end: c.end };
    }
    case "row": {
      c.take("command");
      const fields = parseFields(c);
      return { ...base(), kind: "row", fields, end: c.end };
    }
    case "show": {
      c.take("command");
      const item = c.peek("identifier");
      if (item.kind !== "identifier" || item.value.toLowerCase() !== "info") throw c.error(item, ["INFO"]);
      c.take("identifier");
      return { ...base(), kind: "show", item: "info", end: c.end };
    }
    case "promql": {
      c.take("command");
      const text = skipForeignQuery(c);
      return { ...base(), kind: "promql", text, end: c.end };
    }
  }
  const processing = PROCESSING_COMMANDS.has(keyword.value);
  throw c.error(
    keyword,
    SOURCE_COMMANDS,
    processing
      ? `a query starts with a source command (${SOURCE_COMMANDS.join(", ")}), not ${keyword.text.toUpperCase()}`
      : `unknown source command ${keyword.text}: expected one of ${SOURCE_COMMANDS.join(", ")}`,
  );
}

/** PROMQL's argument is PromQL, not ES|QL: it runs to the first `|` outside brackets and quotes. */
function skipForeignQuery(c: Cursor): string {
  const s = c.source;
  const start = c.lexer.skipTrivia(c.pos);
  let depth = 0;
  let pos = start;
  while (pos < s.length) {
    const ch = s[pos];
    if (ch === '"' || ch === "'" || ch === "`") {
      const close = s.indexOf(ch, pos + 1);
      pos = close < 0 ? s.length : close + 1;
      continue;
    }
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") depth--;
    else if (ch === "|" && depth <= 0) break;
    pos++;
  }
  let end = pos;
  while (end > start && /\s/.test(s[end - 1]!)) end--;
  c.pos = end;
  return s.slice(start, end);
}

function parseIndicesAndMetadata(c: Cursor): { indices: EsqlIndexPattern[]; metadata: EsqlNamePattern[] } {
  const indices = [parseIndexPattern(c, NO_RESERVED)];
  while (c.accept("source", "comma")) indices.push(parseIndexPattern(c, NO_RESERVED));
  const metadata: EsqlNamePattern[] = [];
  if (c.acceptKeyword("source", "metadata")) {
    do {
      const field = c.peek("source");
      if (field.kind !== "source") throw c.error(field, ["a metadata field (_id, _index, _version…)"]);
      c.take("source");
      metadata.push({ type: "pattern", name: field.text, wildcard: false, parameterised: false, start: field.start, end: field.end });
    } while (c.accept("source", "comma"));
  }
  return { indices, metadata };
}

/** `index`, `cluster:index`, `index::selector` or `"quoted"`. */
function parseIndexPattern(c: Cursor, reserved: ReadonlySet<string>): EsqlIndexPattern {
  const token = c.peek("source");
  if (token.kind === "string") {
    c.take("source");
    return { name: token.value, index: token.value, start: token.start, end: token.end };
  }
  if (token.kind !== "source" || reserved.has(token.value)) throw c.error(token, ["an index pattern"]);
  c.take("source");
  let cluster: string | undefined;
  let index = token.text;
  if (c.accept("source", "colon")) {
    const after = c.peek("source");
    if (after.kind !== "source") throw c.error(after, ["an index pattern after the cluster name"]);
    c.take("source");
    cluster = token.text;
    index = after.text;
  }
  let selector: string | undefined;
  if (c.accept("source", "cast")) {
    const after = c.peek("source");
    if (after.kind !== "source") throw c.error(after, ["an index selector (data, failures)"]);
    c.take("source");
    selector = after.text;
  }
  const name = (cluster !== undefined ? `${cluster}:` : "") + index + (selector !== undefined ? `::${selector}` : "");
  return { name, ...(cluster !== undefined ? { cluster } : {}), index, ...(selector !== undefined ? { selector } : {}), start: token.start, end: c.end };
}

function parseProcessingCommand(c: Cursor): Processing {
  const keyword = c.peek("command");
  const parser = keyword.kind === "word" ? PROCESSING_COMMANDS.get(keyword.value) : undefined;
  if (!parser) {
    const known = [...PROCESSING_COMMANDS.keys()]
      .filter((name) => !["inlinestats", "inline", "lookup", "left", "right", "full"].includes(name))
      .map((name) => name.toUpperCase());
    known.push("INLINE STATS", "LOOKUP JOIN");
    const reason =
      keyword.kind === "eof"
        ? `a pipe must be followed by a processing command`
        : SOURCE_COMMANDS.includes(keyword.text.toUpperCase())
          ? `${keyword.text.toUpperCase()} is a source command: it can only start a query`
          : undefined;
    throw c.error(
      keyword,
      ["a processing command (" + known.sort().join(", ") + ")"],
      reason && `${reason}; found ${keyword.kind === "eof" ? "end of input" : keyword.text}`,
    );
  }
  c.take("command");
  const command = parser(c, keyword);
  return { ...command, keyword: keyword.text, start: keyword.start, end: c.end } as Processing;
}

function parseSort(c: Cursor) {
  const orders = [];
  do {
    const expression = parseBooleanExpression(c);
    const direction = c.acceptKeyword("expression", "asc") ?? c.acceptKeyword("expression", "desc");
    let nulls: Token | undefined;
    if (c.acceptKeyword("expression", "nulls")) {
      nulls = c.acceptKeyword("expression", "first") ?? c.acceptKeyword("expression", "last");
      if (!nulls) throw c.error(c.peek("expression"), ["FIRST", "LAST"]);
    }
    orders.push({
      expression,
      ...(direction ? { direction: direction.value as "asc" | "desc" } : {}),
      ...(nulls ? { nulls: nulls.value as "first" | "last" } : {}),
      start: expression.start,
      end: c.end,
    });
  } while (c.accept("expression", "comma"));
  return { kind: "sort" as const, orders };
}

function parseStats(c: Cursor, kind: "stats" | "inline_stats", optional: boolean) {
  const next = c.peek("expression");
  const empty = next.kind === "pipe" || next.kind === "eof" || next.kind === "rparen" || c.is(next, "keyword", "by");
  if (empty && !optional) throw c.error(next, ["an aggregation"]);
  const aggregates = empty ? [] : parseAggregates(c);
  const groups = c.acceptKeyword("expression", "by") ? parseFields(c) : [];
  return { kind, aggregates, groups };
}

function parseStringLiteral(c: Cursor, expected: string) {
  const token = c.peek("expression");
  if (token.kind !== "string") throw c.error(token, [expected]);
  c.take("expression");
  return { type: "literal" as const, literalType: "string" as const, value: token.value, start: token.start, end: token.end };
}

function parseDissect(c: Cursor) {
  const input = parsePrimary(c);
  const pattern = parseStringLiteral(c, "a dissect pattern string");
  const options: { name: string; value: EsqlExpression }[] = [];
  if (c.peek("expression").kind === "identifier") {
    do {
      const name = c.expect("expression", "identifier", "an option name (APPEND_SEPARATOR)");
      c.expect("expression", "assign", '"="');
      options.push({ name: name.value, value: parseConstant(c) });
    } while (c.accept("expression", "comma"));
  }
  return { kind: "dissect" as const, input, pattern, options };
}

function parseGrok(c: Cursor) {
  const input = parsePrimary(c);
  const patterns = [parseStringLiteral(c, "a grok pattern string")];
  while (c.accept("expression", "comma")) patterns.push(parseStringLiteral(c, "a grok pattern string"));
  return { kind: "grok" as const, input, patterns };
}

function parseEnrich(c: Cursor) {
  const policy = c.peek("policy");
  if (policy.kind !== "source" && policy.kind !== "string") throw c.error(policy, ["an enrich policy name"]);
  c.take("policy");
  let on: EsqlNamePattern | undefined;
  if (c.acceptKeyword("policy", "on")) on = parseNamePattern(c, ENRICH_RESERVED);
  const clauses: { name?: EsqlNamePattern; field: EsqlNamePattern }[] = [];
  if (c.acceptKeyword(on ? "pattern" : "policy", "with")) {
    do {
      const first = parseNamePattern(c, ENRICH_RESERVED);
      if (c.accept("pattern", "assign")) clauses.push({ name: first, field: parseNamePattern(c, ENRICH_RESERVED) });
      else clauses.push({ field: first });
    } while (c.accept("pattern", "comma"));
  }
  return { kind: "enrich" as const, policy: policy.kind === "string" ? policy.value : policy.text, ...(on ? { on } : {}), with: clauses };
}

/** `LOOKUP JOIN index [AS alias] ON predicate, …` (and the LEFT/RIGHT/FULL JOIN of development builds). */
function parseJoin(c: Cursor, keyword: Token) {
  const join = c.peek("source");
  if (!c.is(join, "source", "join")) throw c.error(join, ["JOIN"]);
  c.take("source");
  const index = parseIndexPattern(c, new Set(["on", "as", "join"]));
  let alias: string | undefined;
  const as = c.peek("source");
  if (c.is(as, "source", "as")) {
    c.take("source");
    alias = c.expect("identifier", "identifier", "an alias").value;
  }
  const on = c.peek("source");
  if (!c.is(on, "source", "on")) throw c.error(on, ["ON"]);
  c.take("source");
  const predicates = [parseBooleanExpression(c)];
  while (c.accept("expression", "comma")) predicates.push(parseBooleanExpression(c));
  return { kind: "join" as const, joinType: keyword.value, index, ...(alias ? { alias } : {}), on: predicates };
}

function parseChangePoint(c: Cursor) {
  const value = parseQualifiedName(c, "identifier");
  const key = c.acceptKeyword("identifier", "on") ? parseQualifiedName(c, "identifier") : undefined;
  let names: { typeName: EsqlColumn; pvalueName: EsqlColumn } | undefined;
  if (c.acceptKeyword("identifier", "as")) {
    const typeName = parseQualifiedName(c, "identifier");
    c.expect("identifier", "comma", '","');
    names = { typeName, pvalueName: parseQualifiedName(c, "identifier") };
  }
  return { kind: "change_point" as const, value, ...(key ? { key } : {}), ...names };
}

/** `WITH {options}`; also the `WITH inference_id` of the first releases of COMPLETION and RERANK. */
function parseWithOptions(c: Cursor): EsqlExpression | undefined {
  if (!c.acceptKeyword("expression", "with")) return undefined;
  const next = c.peek("expression");
  if (next.kind === "lbrace") return parseMap(c);
  if (next.kind === "identifier" || next.kind === "quotedIdentifier") return parseQualifiedName(c, "expression");
  if (next.kind === "string" || next.kind === "param") return parseConstant(c);
  throw c.error(next, ['an options map "{…}"']);
}

function parseCompletion(c: Cursor) {
  const target = acceptAssignmentTarget(c);
  const prompt = parsePrimary(c);
  const options = parseWithOptions(c);
  const legacyTarget = !target && c.acceptKeyword("expression", "as") ? parseQualifiedName(c, "expression") : undefined;
  const named = target ?? legacyTarget;
  return { kind: "completion" as const, ...(named ? { target: named } : {}), prompt, ...(options ? { options } : {}) };
}

function parseRerank(c: Cursor) {
  const target = acceptAssignmentTarget(c);
  const queryText = parseConstant(c, "the query text");
  const on = c.peek("expression");
  if (!c.is(on, "keyword", "on")) throw c.error(on, ["ON"]);
  c.take("expression");
  const fields = parseFields(c);
  const options = parseWithOptions(c);
  return { kind: "rerank" as const, ...(target ? { target } : {}), queryText, on: fields, ...(options ? { options } : {}) };
}

function parseFork(c: Cursor) {
  const branches: Processing[][] = [];
  do {
    c.expect("expression", "lparen", branches.length === 0 ? '"(" (a FORK branch)' : '"(" (another FORK branch), "|" or end of input');
    const branch = [parseProcessingCommand(c)];
    while (c.accept("expression", "pipe")) branch.push(parseProcessingCommand(c));
    c.expect("expression", "rparen", '"|" or ")"');
    branches.push(branch);
  } while (c.peek("expression").kind === "lparen");
  return { kind: "fork" as const, branches };
}

function parseFuse(c: Cursor) {
  let method: string | undefined;
  const columns: EsqlColumn[] = [];
  let options: EsqlExpression | undefined;
  const first = c.peek("expression");
  if (first.kind === "identifier" && !c.is(c.peekSecond("expression", "expression"), "keyword", "by")) {
    c.take("expression");
    method = first.value;
  }
  for (;;) {
    const next = c.peek("expression");
    const clause = next.value.toLowerCase();
    if (next.kind === "identifier" && ["score", "key", "group"].includes(clause)) {
      c.take("expression");
      c.expect("expression", "keyword", "BY", "by");
      columns.push(parseQualifiedName(c, "expression"));
      while (clause === "key" && c.accept("expression", "comma")) columns.push(parseQualifiedName(c, "expression"));
    } else if (c.is(next, "keyword", "with")) {
      c.take("expression");
      options = parseMap(c);
    } else {
      break;
    }
  }
  return { kind: "fuse" as const, ...(method ? { method } : {}), columns, ...(options ? { options } : {}) };
}

function parseUriParts(c: Cursor) {
  const target = parseQualifiedName(c, "expression");
  c.expect("expression", "assign", '"="');
  return { kind: "uri_parts" as const, target, input: parsePrimary(c) };
}

function parseInline(c: Cursor) {
  const stats = c.peek("command");
  if (!c.is(stats, "word", "stats")) throw c.error(stats, ["STATS"]);
  c.take("command");
  return parseStats(c, "inline_stats", false);
}

/** Processing commands by lower-cased name. */
const PROCESSING_COMMANDS = new Map<string, CommandParser>(
  Object.entries({
    where: (c) => ({ kind: "where", condition: parseBooleanExpression(c) }),
    eval: (c) => ({ kind: "eval", fields: parseFields(c) }),
    stats: (c) => parseStats(c, "stats", true),
    inline: parseInline,
    inlinestats: (c) => parseStats(c, "inline_stats", false),
    keep: (c) => ({ kind: "keep", columns: parseNamePatterns(c, NO_RESERVED) }),
    drop: (c) => ({ kind: "drop", columns: parseNamePatterns(c, NO_RESERVED) }),
    rename: (c) => {
      const renames = [];
      do {
        const first = parseNamePattern(c, RENAME_RESERVED);
        if (c.acceptKeyword("pattern", "as")) {
          const to = parseNamePattern(c, RENAME_RESERVED);
          renames.push({ from: first, to, start: first.start, end: to.end });
        } else {
          const assign = c.peek("pattern");
          if (assign.kind !== "assign") throw c.error(assign, ["AS", '"="']);
          c.take("pattern");
          const from = parseNamePattern(c, RENAME_RESERVED);
          renames.push({ from, to: first, start: first.start, end: from.end });
        }
      } while (c.accept("pattern", "comma"));
      return { kind: "rename", renames };
    },
    sort: parseSort,
    limit: (c) => ({ kind: "limit", value: parseConstant(c, "a number of rows") }),
    sample: (c) => ({ kind: "sample", value: parseConstant(c, "a probability") }),
    dissect: parseDissect,
    grok: parseGrok,
    enrich: parseEnrich,
    mv_expand: (c) => ({ kind: "mv_expand", column: parseQualifiedName(c, "identifier", true) }),
    lookup: parseJoin,
    left: parseJoin,
    right: parseJoin,
    full: parseJoin,
    change_point: parseChangePoint,
    completion: parseCompletion,
    rerank: parseRerank,
    fork: parseFork,
    fuse: parseFuse,
    uri_parts: parseUriParts,
    metrics_info: () => ({ kind: "metrics_info" }),
  } satisfies Record<string, CommandParser>),
);
