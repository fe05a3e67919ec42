import type { FieldReference } from "../syntax-error";
import type { KqlNode } from "./ast";
import { parseKql } from "./parser";

/**
 * The fields a KQL query compares, each once per place it is written (a value list `f:(a or b)` names `f` once), in
 * the order they appear. A field inside a nested query gets its full name (`parent:{ child:x }` → `parent.child`);
 * the nested path alone is not listed, as nothing is compared to it. Wildcard names (`process.*`) are kept as written.
 */
export function kqlFields(query: string | KqlNode): FieldReference[] {
  const references: FieldReference[] = [];
  const seen = new Set<string>();
  const visit = (node: KqlNode, prefix: string): void => {
    switch (node.kind) {
      case "or":
      case "and":
        for (const child of node.nodes) visit(child, prefix);
        return;
      case "not":
        return visit(node.node, prefix);
      case "nested":
        return visit(node.query, `${prefix}${node.path.name}.`);
      case "match":
      case "exists":
      case "range": {
        if (!node.field) return;
        const name = prefix + node.field.name;
        const key = `${node.field.start}:${name}`;
        if (seen.has(key)) return;
        seen.add(key);
        references.push({ name, position: node.field.position });
        return;
      }
      case "all":
        return;
    }
  };
  visit(typeof query === "string" ? parseKql(query) : query, "");
  return references.sort((a, b) => a.position.offset - b.position.offset);
}
