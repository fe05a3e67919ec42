/**
 * Contract validation against the official bundles with Ajv (JSON Schema draft-07 + OpenAPI 3.0 `nullable`), read
 * from the committed snapshot or the full bundle files (source.ts).
 * Each document is loaded once per process and added whole (`ajv.addSchema(doc, "<bundle-id>")`); validators are
 * compiled lazily per operation from `{ $ref: "<bundle-id>#/paths/<path>/<method>/…/schema" }` and cached.
 *
 * `discriminator` stays an ignored keyword (strict: false) because the bundles use it with `anyOf`, which Ajv's
 * discriminator support does not cover; the verdict is Ajv's. Only the *error text* of a failed top-level
 * discriminated union is taken from the branch the discriminator selects, so that it says "/risk_score must be
 * integer" rather than eight branch failures.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { BundleInfo, OpenApiDoc } from "./bundles";
import { type ContractSource, defaultContractSource, describeSource, loadContractDocs } from "./source";
import { bundleTemplates, isPathParam, METHODS } from "./templates";

const DATE_MATH = /^(now|\d{4}-\d{2}-\d{2}[^|]*(\|\|)?)([+-]\d+[smhdwMyH])*(\/[smhdwMyH])?$/;

export interface Operation {
  bundle: BundleInfo;
  doc: OpenApiDoc;
  /** Template as matched (any `/s/{spaceId}` prefix removed). */
  template: string;
  /** Template as written in the bundle. */
  originalTemplate: string;
  method: string;
  /** JSON pointer (escaped, URI-encoded) of the operation object. */
  pointer: string;
  op: Record<string, unknown>;
  segments: string[];
  literals: number;
}

export interface OperationMatch {
  operation: Operation;
  pathParams: Record<string, string>;
}

export interface RequestToCheck {
  query: Record<string, string | string[]>;
  pathParams: Record<string, string>;
  /** Parsed JSON body, undefined when there was none. */
  body: unknown;
  /** Media type of the request body ("" when none). */
  mediaType: string;
}

function escapeToken(t: string): string {
  return encodeURIComponent(t.replace(/~/g, "~0").replace(/\//g, "~1"));
}

function pointerOf(...tokens: string[]): string {
  return tokens.map((t) => "/" + escapeToken(t)).join("");
}

function getByPointer(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const raw of pointer.split("/").slice(1)) {
    const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** Follows local `$ref`s; returns the node and its (URI-encoded) pointer. */
function deref(doc: unknown, node: unknown, pointer: string): { node: unknown; pointer: string } {
  let seen = 0;
  while (node && typeof node === "object" && typeof (node as { $ref?: unknown }).$ref === "string") {
    const ref = (node as { $ref: string }).$ref;
    if (!ref.startsWith("#/") || ++seen > 32) break;
    pointer = ref
      .slice(1)
      .split("/")
      .map((t) => (t === "" ? "" : encodeURIComponent(decodeURIComponent(t))))
      .join("/");
    node = getByPointer(doc, pointer);
  }
  return { node, pointer };
}

export function formatAjvErrors(errors: readonly ErrorObject[] | null | undefined, prefix = ""): string[] {
  const out: string[] = [];
  const summaries: string[] = [];
  for (const e of errors ?? []) {
    const where = prefix + (e.instancePath || "") || "/";
    let msg = e.message ?? "is invalid";
    if (e.keyword === "enum") msg += `: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    if (e.keyword === "additionalProperties") msg += `: '${(e.params as { additionalProperty: string }).additionalProperty}'`;
    const line = `${where} ${msg}`;
    const bucket = e.keyword === "anyOf" || e.keyword === "oneOf" || e.keyword === "if" ? summaries : out;
    if (!bucket.includes(line)) bucket.push(line);
  }
  return [...out, ...summaries];
}

export class ContractEngine {
  private readonly ajv: Ajv;
  private readonly operations: Operation[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly source: ContractSource) {
    this.ajv = new Ajv({
      strict: false,
      allErrors: true,
      validateSchema: false,
      validateFormats: true,
      discriminator: false,
      logger: false,
    });
    addFormats(this.ajv);
    this.ajv.addFormat("date-math", { type: "string", validate: (s: string) => DATE_MATH.test(s) || !Number.isNaN(Date.parse(s)) });
    this.ajv.addFormat("nonempty", { type: "string", validate: (s: string) => s.length > 0 });
    this.ajv.addFormat("strict_date_optional_time", { type: "string", validate: (s: string) => !Number.isNaN(Date.parse(s)) });

    for (const { bundle, doc } of loadContractDocs(source)) {
      this.ajv.addSchema(doc as object, bundle.id);
      for (const { original: originalTemplate, template } of bundleTemplates(doc.paths)) {
        const item = doc.paths[originalTemplate]!;
        const segments = template.split("/").slice(1);
        for (const method of METHODS) {
          const op = item[method] as Record<string, unknown> | undefined;
          if (!op) continue;
          this.operations.push({
            bundle,
            doc,
            template,
            originalTemplate,
            method,
            pointer: pointerOf("paths", originalTemplate, method),
            op,
            segments,
            literals: segments.filter((s) => !isPathParam(s)).length,
          });
        }
      }
    }
  }

  /** Where the documents came from, e.g. "snapshot /…/kibana-openapi.snapshot.json". */
  describeSource(): string {
    return describeSource(this.source);
  }

  operationCount(): number {
    return this.operations.length;
  }

  allOperations(): readonly Operation[] {
    return this.operations;
  }

  /** The bundle operation for a request path (space prefix already stripped). */
  findOperation(method: string, path: string): OperationMatch | undefined {
    const m = method.toLowerCase();
    const segs = (path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path).split("/").slice(1);
    let best: OperationMatch | undefined;
    for (const operation of this.operations) {
      if (operation.method !== m || operation.segments.length !== segs.length) continue;
      const pathParams: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segs.length && ok; i++) {
        const t = operation.segments[i]!;
        const p = /^\{(.+)\}$/.exec(t);
        if (p) pathParams[p[1]!] = safeDecode(segs[i]!);
        else ok = t === segs[i];
      }
      if (ok && (!best || operation.literals > best.operation.literals)) best = { operation, pathParams };
    }
    return best;
  }

  private validator(bundle: BundleInfo, pointer: string): ValidateFunction {
    const key = `${bundle.id}#${pointer}`;
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = this.ajv.compile({ $ref: key });
      this.compiled.set(key, fn);
    }
    return fn;
  }

  /** Validates `data` against the schema at `pointer`; returns formatted errors (empty when valid). */
  validateAt(operation: Operation, pointer: string, data: unknown, prefix = ""): string[] {
    const fn = this.validator(operation.bundle, pointer);
    if (fn(data)) return [];
    const refined = this.discriminatedErrors(operation, pointer, data, prefix);
    return refined ?? formatAjvErrors(fn.errors, prefix);
  }

  /** Error text from the branch a top-level `discriminator` selects (verdict unchanged). */
  private discriminatedErrors(operation: Operation, pointer: string, data: unknown, prefix: string): string[] | undefined {
    const { node } = deref(operation.doc, getByPointer(operation.doc, pointer), pointer);
    const disc = (node as { discriminator?: { propertyName?: string; mapping?: Record<string, string> } } | undefined)?.discriminator;
    if (!disc?.propertyName || !disc.mapping || !data || typeof data !== "object" || Array.isArray(data)) return undefined;
    const value = (data as Record<string, unknown>)[disc.propertyName];
    const target = typeof value === "string" ? disc.mapping[value] : undefined;
    if (!target) {
      return [
        `${prefix}/${disc.propertyName} must be one of: ${Object.keys(disc.mapping)
          .map((k) => JSON.stringify(k))
          .join(", ")}`,
      ];
    }
    if (!target.startsWith("#/")) return undefined;
    const fn = this.validator(operation.bundle, target.slice(1));
    if (fn(data)) return undefined;
    return formatAjvErrors(fn.errors, prefix);
  }

  validateRequest(match: OperationMatch, req: RequestToCheck): string[] {
    const { operation } = match;
    const errors: string[] = [];
    const pathItem = operation.doc.paths[operation.originalTemplate] as { parameters?: unknown[] };
    const params = [
      ...(pathItem.parameters ?? []).map((p, i) => ({ p, ptr: pointerOf("paths", operation.originalTemplate, "parameters", String(i)) })),
      ...((operation.op.parameters as unknown[] | undefined) ?? []).map((p, i) => ({ p, ptr: `${operation.pointer}/parameters/${i}` })),
    ];
    for (const { p, ptr } of params) {
      const { node, pointer } = deref(operation.doc, p, ptr);
      const param = node as { name?: string; in?: string; required?: boolean; schema?: unknown } | undefined;
      if (!param?.name || (param.in !== "query" && param.in !== "path") || !param.schema) continue;
      const source = param.in === "query" ? req.query : match.pathParams;
      const raw = source[param.name];
      if (raw === undefined) {
        if (param.required) errors.push(`${param.in} parameter '${param.name}' is required`);
        continue;
      }
      const schemaPtr = `${pointer}/schema`;
      const { node: schema } = deref(operation.doc, param.schema, schemaPtr);
      const value = coerceParam(raw, schema, operation.doc);
      errors.push(...this.validateAt(operation, schemaPtr, value, `${param.in}.${param.name}`));
    }

    const rb = deref(operation.doc, operation.op.requestBody, `${operation.pointer}/requestBody`);
    const requestBody = rb.node as { required?: boolean; content?: Record<string, unknown> } | undefined;
    if (requestBody?.content) {
      const jsonDeclared = "application/json" in requestBody.content;
      if (req.body === undefined && req.mediaType === "") {
        if (requestBody.required) errors.push("request body is required");
      } else if (jsonDeclared && (req.mediaType === "" || req.mediaType === "application/json")) {
        if ((requestBody.content["application/json"] as { schema?: unknown }).schema !== undefined) {
          errors.push(...this.validateAt(operation, `${rb.pointer}/content/${escapeToken("application/json")}/schema`, req.body));
        }
      } else if (!Object.keys(requestBody.content).some((t) => t === req.mediaType || t === "*/*")) {
        errors.push(`request content type '${req.mediaType}' is not declared (declared: ${Object.keys(requestBody.content).join(", ")})`);
      }
    }
    return errors;
  }

  /** `undefined` when the bundle declares nothing checkable for this status/content type. */
  validateResponse(match: OperationMatch, status: number, mediaType: string, body: unknown): string[] | undefined {
    const { operation } = match;
    const responses = operation.op.responses as Record<string, unknown> | undefined;
    if (!responses) return undefined;
    const key = [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, "default"].find((k) => k in responses);
    if (!key) return undefined;
    const r = deref(operation.doc, responses[key], `${operation.pointer}/responses/${escapeToken(key)}`);
    const content = (r.node as { content?: Record<string, { schema?: unknown }> } | undefined)?.content;
    if (mediaType !== "application/json" || !content?.["application/json"]?.schema) return undefined;
    return this.validateAt(operation, `${r.pointer}/content/${escapeToken("application/json")}/schema`, body);
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Query strings are strings: coerce to the declared parameter type before validating. */
function coerceParam(raw: string | string[], schema: unknown, doc: OpenApiDoc): unknown {
  const s = schema as { type?: string; items?: unknown } | undefined;
  const one = (v: string, type: string | undefined): unknown => {
    if (type === "integer" || type === "number") return v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : v;
    if (type === "boolean") return v === "true" ? true : v === "false" ? false : v;
    return v;
  };
  if (s?.type === "array") {
    const items = deref(doc, s.items, "").node as { type?: string } | undefined;
    const list = Array.isArray(raw) ? raw : raw.split(",");
    return list.map((v) => one(v, items?.type));
  }
  const v = Array.isArray(raw) ? raw[raw.length - 1]! : raw;
  return one(v, s?.type);
}

let shared: ContractEngine | undefined;

/** One engine per process and source (parsing + compiling the documents is the expensive part). */
export function getContractEngine(source: ContractSource = defaultContractSource()): ContractEngine {
  if (!shared || describeSource(shared.source) !== describeSource(source)) shared = new ContractEngine(source);
  return shared;
}
