import { positionAt, type FieldReference } from "../syntax-error";
import type { LuceneClauseNode, LuceneQuery, LuceneRoot } from "./ast";
import { parseLucene } from "./parser";

/** The field whose values name fields: `_exists_:host.name` matches documents that have `host.name`. */
const EXISTS_FIELD = "_exists_";
/** `*:` searches every field: it names none. */
const ALL_FIELDS = "*";

/**
 * Every field a Lucene query names, in order of appearance: each `field:` prefix (escapes removed, so
 * `process.\*:x` names the pattern `process.*`), and for `_exists_:f` (also `_exists_:(f g)`) the field `f` where `f`
 * is written. Terms without a field search the default fields and name none.
 */
export function luceneFields(query: string | LuceneRoot): FieldReference[] {
  const root = typeof query === "string" ? parseLucene(query) : query;
  const references: FieldReference[] = [];
  const add = (name: string, offset: number) => references.push({ name, position: positionAt(root.source, offset) });

  const visitQuery = (q: LuceneQuery, inherited: string | undefined): void => {
    for (const clause of q.clauses) visitNode(clause.node, inherited);
  };
  const visitNode = (node: LuceneClauseNode, inherited: string | undefined): void => {
    const field = node.field?.name ?? inherited;
    if (node.field && node.field.name !== ALL_FIELDS && node.field.name !== EXISTS_FIELD) add(node.field.name, node.field.start);
    if (node.kind === "group") visitQuery(node.query, field);
    else if (field === EXISTS_FIELD && (node.kind === "term" || node.kind === "phrase")) add(node.value, node.start);
  };

  visitQuery(root, undefined);
  return references;
}
