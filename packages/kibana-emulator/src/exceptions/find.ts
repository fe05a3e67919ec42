/**
 * `GET /api/exception_lists/_find` and `GET /api/exception_lists/items/_find` (kibana-behaviour.md §2.5):
 * `page`/`per_page` (defaults 1/20), `per_page` in the response (snake case), comma-separated `list_id` and
 * `namespace_type` of the same arity, KQL `filter` over `exception-list[-agnostic].attributes.*`.
 */
import { z } from "zod";
import { siemError } from "../errors";
import { evaluateKql, type KqlNode, KqlSyntaxError, parseKql, valuesAtPath } from "../kql";
import { savedObjectType, type NamespaceType } from "./store";

const last = (v: unknown): unknown => (Array.isArray(v) ? v[v.length - 1] : v);
/** Kibana's `ArrayFromString`: "a,b" → ["a","b"] (repeated parameters are accepted too). */
const arrayFromString = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined ? v : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(","))), z.array(item));
const intFromString = (min: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : v), z.number().int().min(min));
const namespaceTypes = arrayFromString(z.enum(["agnostic", "single"])).default(["single"]);

export const findListsQuerySchema = z.object({
  filter: z.preprocess(last, z.string().optional()),
  namespace_type: namespaceTypes,
  page: z.preprocess(last, intFromString(1).optional()),
  per_page: z.preprocess(last, intFromString(1).optional()),
  sort_field: z.preprocess(last, z.string().optional()),
  sort_order: z.preprocess(last, z.enum(["asc", "desc"]).optional()),
});

export const findItemsQuerySchema = z.object({
  list_id: arrayFromString(z.string().min(1)),
  filter: arrayFromString(z.string()).default([]),
  namespace_type: namespaceTypes,
  search: z.preprocess(last, z.string().optional()),
  page: z.preprocess(last, intFromString(0).optional()),
  per_page: z.preprocess(last, intFromString(0).optional()),
  sort_field: z.preprocess(last, z.string().min(1).optional()),
  sort_order: z.preprocess(last, z.enum(["asc", "desc"]).optional()),
});

type Doc = Record<string, unknown> & { namespace_type: NamespaceType };

export function parseFilter(filter: string | undefined): KqlNode | null {
  if (!filter) return null;
  try {
    return parseKql(filter);
  } catch (e) {
    if (e instanceof KqlSyntaxError) throw siemError(400, `KQLSyntaxError: ${e.message}\n${filter}`);
    throw e;
  }
}

/** Saved-object filter semantics: `<so type>.attributes.<field>` only sees objects of that type. */
export function matchesSavedObjectFilter(doc: Doc, ast: KqlNode | null): boolean {
  const type = savedObjectType(doc.namespace_type);
  return evaluateKql(ast, (field) => {
    if (field === null) return { values: [doc.name, doc.description], kind: "text" };
    const m = /^(exception-list(?:-agnostic)?)\.(?:attributes\.)?(.+)$/.exec(field);
    if (!m || m[1] !== type) return { values: [] };
    return { values: valuesAtPath(doc, m[2]!), kind: m[2] === "name" || m[2] === "description" ? "text" : "keyword" };
  });
}

/** Sorts by a saved-object attribute (prefix `<so type>.` allowed); stable, creation order otherwise. */
export function sortDocs<T extends Record<string, unknown>>(docs: T[], sortField: string | undefined, sortOrder: "asc" | "desc" | undefined): T[] {
  if (!sortField) return docs;
  const key = sortField.replace(/^exception-list(?:-agnostic)?\./, "");
  const dir = sortOrder === "desc" ? -1 : 1;
  return docs
    .map((doc, i) => ({ doc, i }))
    .sort((a, b) => {
      const x = String(a.doc[key] ?? "");
      const y = String(b.doc[key] ?? "");
      return x === y ? a.i - b.i : (x < y ? -1 : 1) * dir;
    })
    .map(({ doc }) => doc);
}

export function page<T>(docs: T[], pageNo: number, perPage: number): T[] {
  return docs.slice((pageNo - 1) * perPage, pageNo * perPage);
}

/** The free-text `search` of items `_find`: a case-insensitive substring of name, description or an entry. */
export function matchesSearch(doc: Record<string, unknown>, search: string | undefined): boolean {
  if (!search) return true;
  const needle = search.toLowerCase();
  return [doc.name, doc.description, JSON.stringify(doc.entries)].some((v) =>
    String(v ?? "")
      .toLowerCase()
      .includes(needle),
  );
}
