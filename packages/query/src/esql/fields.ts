/**
 * The columns an ES|QL query reads from its source indices: every column reference (in expressions, KEEP, DROP,
 * RENAME, MV_EXPAND, ENRICH ON, LOOKUP JOIN ON…) except those the pipeline created before it (EVAL, STATS, RENAME,
 * DISSECT, GROK, ENRICH WITH, COMPLETION, CHANGE_POINT, …) and the METADATA fields. After STATS only its aggregates and
 * groups exist. Patterns with `*` and names built from query parameters are not references to one column: skipped.
 * Columns that ENRICH without WITH or LOOKUP JOIN bring in are not known offline: later references to them are
 * reported like any source column.
 */
import { positionAt, type FieldReference } from "../syntax-error";
import type { EsqlColumn, EsqlExpression, EsqlField, EsqlNamePattern, EsqlProcessingCommand, EsqlQuery } from "./ast";
import { parseEsql } from "./parse";

export function esqlFields(query: string | EsqlQuery): FieldReference[] {
  const ast = typeof query === "string" ? parseEsql(query) : query;
  const walker = new FieldWalker(ast.source);
  const source = ast.sourceCommand;
  if (source.kind === "from" || source.kind === "ts") for (const field of source.metadata) walker.define(field.name);
  if (source.kind === "row") walker.fields(source.fields);
  walker.commands(ast.commands);
  return walker.references;
}

class FieldWalker {
  readonly references: FieldReference[] = [];
  private defined = new Set<string>();
  private definedPrefixes: string[] = [];

  constructor(private readonly source: string) {}

  define(name: string): void {
    this.defined.add(name);
  }

  private isDefined(name: string): boolean {
    return this.defined.has(name) || this.definedPrefixes.some((prefix) => name.startsWith(prefix));
  }

  private reference(name: string, start: number): void {
    if (this.isDefined(name)) return;
    this.references.push({ name, position: positionAt(this.source, start) });
  }

  private column(column: EsqlColumn): void {
    if (!column.parameterised) this.reference(column.name, column.start);
  }

  private pattern(pattern: EsqlNamePattern): void {
    if (!pattern.wildcard && !pattern.parameterised) this.reference(pattern.name, pattern.start);
  }

  /** The name a field gets: its `name =`, else the column it is, else its text (as Elasticsearch names it). */
  private nameOf(field: EsqlField): string {
    if (field.name) return field.name.name;
    const expression = field.expression;
    return expression.type === "column" ? expression.name : this.source.slice(expression.start, expression.end);
  }

  /** EVAL/ROW: each field sees the ones before it. */
  fields(fields: EsqlField[]): void {
    for (const field of fields) {
      this.expression(field.expression);
      this.define(this.nameOf(field));
    }
  }

  expression(e: EsqlExpression | undefined): void {
    if (!e) return;
    switch (e.type) {
      case "column":
        return this.column(e);
      case "function":
        return e.args.forEach((arg) => this.expression(arg));
      case "binary":
        this.expression(e.left);
        return this.expression(e.right);
      case "unary":
        return this.expression(e.operand);
      case "in":
        this.expression(e.value);
        return e.list.forEach((item) => this.expression(item));
      case "like":
        this.expression(e.value);
        return e.patterns.forEach((item) => this.expression(item));
      case "isNull":
      case "cast":
        return this.expression(e.value);
      case "match":
        this.column(e.field);
        return this.expression(e.query);
      case "map":
        return e.entries.forEach((entry) => this.expression(entry.value));
      case "literal":
      case "list":
      case "param":
      case "star":
        return;
    }
  }

  commands(commands: EsqlProcessingCommand[]): void {
    for (const command of commands) this.command(command);
  }

  private command(command: EsqlProcessingCommand): void {
    switch (command.kind) {
      case "where":
        return this.expression(command.condition);
      case "eval":
        return this.fields(command.fields);
      case "stats":
      case "inline_stats": {
        for (const aggregate of command.aggregates) {
          this.expression(aggregate.expression);
          this.expression(aggregate.where);
        }
        for (const group of command.groups) this.expression(group.expression);
        const outputs = [...command.aggregates, ...command.groups].map((field) => this.nameOf(field));
        if (command.kind === "stats") {
          this.defined = new Set();
          this.definedPrefixes = [];
        }
        return outputs.forEach((name) => this.define(name));
      }
      case "keep":
      case "drop":
        return command.columns.forEach((pattern) => this.pattern(pattern));
      case "rename":
        for (const { from, to } of command.renames) {
          this.pattern(from);
          this.define(to.name);
        }
        return;
      case "sort":
        return command.orders.forEach((order) => this.expression(order.expression));
      case "limit":
      case "sample":
      case "metrics_info":
        return;
      case "dissect":
        this.expression(command.input);
        return dissectKeys(command.pattern.value).forEach((name) => this.define(name));
      case "grok":
        this.expression(command.input);
        return command.patterns.forEach((pattern) => grokNames(pattern.value).forEach((name) => this.define(name)));
      case "enrich":
        if (command.on) this.pattern(command.on);
        return command.with.forEach((clause) => this.define((clause.name ?? clause.field).name));
      case "mv_expand":
        return this.column(command.column);
      case "join":
        return command.on.forEach((predicate) => this.expression(predicate));
      case "change_point":
        this.column(command.value);
        if (command.key) this.column(command.key);
        this.define(command.typeName?.name ?? "type");
        return this.define(command.pvalueName?.name ?? "pvalue");
      case "completion":
        this.expression(command.prompt);
        return this.define(command.target?.name ?? "completion");
      case "rerank":
        this.expression(command.queryText);
        command.on.forEach((field) => this.expression(field.expression));
        return this.define(command.target?.name ?? "_score");
      case "fork":
        return this.fork(command.branches);
      case "fuse":
        return command.columns.forEach((column) => this.column(column));
      case "uri_parts":
        this.expression(command.input);
        this.definedPrefixes.push(`${command.target.name}.`);
        return;
    }
  }

  /** Each branch starts from the columns before FORK; after it, the columns of every branch exist, and `_fork`. */
  private fork(branches: EsqlProcessingCommand[][]): void {
    const before = { defined: this.defined, prefixes: this.definedPrefixes };
    const after = new Set<string>(["_fork"]);
    const prefixes: string[] = [];
    for (const branch of branches) {
      this.defined = new Set(before.defined);
      this.definedPrefixes = [...before.prefixes];
      this.commands(branch);
      this.defined.forEach((name) => after.add(name));
      prefixes.push(...this.definedPrefixes);
    }
    this.defined = after;
    this.definedPrefixes = prefixes;
  }
}

/** The keys a DISSECT pattern writes: `%{key}`, `%{+key}`, `%{key->}`; not `%{}`, `%{?skipped}`, `%{*k}`/`%{&k}`. */
export function dissectKeys(pattern: string): string[] {
  const keys: string[] = [];
  for (const match of pattern.matchAll(/%\{([^}]*)\}/g)) {
    let key = match[1]!.replace(/->$/, "");
    if (key.startsWith("+")) key = key.slice(1).replace(/\/\d+$/, "");
    if (key === "" || /^[?*&]/.test(key)) continue;
    keys.push(key);
  }
  return keys;
}

/** The fields a GROK pattern writes: `%{SYNTAX:name}`, `%{SYNTAX:name:type}` and named groups `(?<name>…)`. */
export function grokNames(pattern: string): string[] {
  const names: string[] = [];
  for (const match of pattern.matchAll(/%\{[^:}]+:([^:}]+)(?::[^}]*)?\}/g)) names.push(match[1]!);
  for (const match of pattern.matchAll(/\(\?<([^>!=][^>]*)>/g)) names.push(match[1]!);
  return names;
}
