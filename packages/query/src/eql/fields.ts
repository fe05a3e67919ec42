import type { FieldReference, QueryPosition } from "../syntax-error";
import type { EqlExpression, EqlQuery, EqlTerm } from "./ast";
import { parseEql } from "./parser";

/** Where an EQL query refers to a field. */
export type EqlFieldContext = "condition" | "join key";

export interface EqlFieldReference extends FieldReference {
  /** Written `?field`: Elasticsearch treats a field missing from the mapping as null instead of failing. */
  optional: boolean;
  /** In an event condition (function arguments included) or a `by` key of a sequence, sample or join. */
  context: EqlFieldContext;
}

/**
 * Every field the query refers to, in the order written: conditions (function arguments and list members included),
 * `by` keys of sequences, samples and joins (shared and per query). Pipes name no field: Elasticsearch runs only `head`
 * and `tail`, whose argument is an integer. Parses `query` when given text; a syntax error throws QuerySyntaxError.
 */
export function eqlFields(query: string | EqlQuery): EqlFieldReference[] {
  const ast = typeof query === "string" ? parseEql(query) : query;
  const locate = positionFinder(ast.source);
  const fields: EqlFieldReference[] = [];

  const visit = (expression: EqlExpression, context: EqlFieldContext): void => {
    switch (expression.type) {
      case "field":
        fields.push({ name: expression.name, position: locate(expression.start), optional: expression.optional, context });
        return;
      case "literal":
        return;
      case "and":
      case "or":
      case "comparison":
      case "arithmetic":
        visit(expression.left, context);
        visit(expression.right, context);
        return;
      case "not":
      case "unary":
        visit(expression.operand, context);
        return;
      case "in":
        visit(expression.value, context);
        for (const item of expression.list) visit(item, context);
        return;
      case "match":
        visit(expression.value, context);
        return;
      case "call":
        for (const arg of expression.args) visit(arg, context);
        return;
    }
  };
  const visitTerm = (term: EqlTerm): void => {
    visit(term.filter.condition, "condition");
    for (const key of term.by) visit(key, "join key");
  };

  if (ast.type === "event") {
    visit(ast.filter.condition, "condition");
  } else {
    for (const key of ast.by) visit(key, "join key");
    for (const term of ast.terms) visitTerm(term);
    if (ast.type !== "sample" && ast.until) visitTerm(ast.until);
  }
  return fields;
}

/** positionAt for many offsets of one text: the line starts once, then a binary search per offset. */
function positionFinder(source: string): (offset: number) => QueryPosition {
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10 || (c === 13 && source.charCodeAt(i + 1) !== 10)) lineStarts.push(i + 1);
  }
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { offset, line: low + 1, column: offset - lineStarts[low] + 1 };
  };
}
