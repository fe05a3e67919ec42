/** Detection rules, per space (alerting saved objects are space-scoped). Insertion order = creation order. */
import { SpacedMap } from "../spaces";
import type { FamilyStore } from "../stores";
import type { Rule } from "./model";

export class RulesStore implements FamilyStore {
  private readonly rules = new SpacedMap<Rule>();

  all(spaceId: string): Rule[] {
    return [...this.rules.peek(spaceId).values()];
  }

  count(spaceId: string): number {
    return this.rules.peek(spaceId).size;
  }

  getById(spaceId: string, id: string): Rule | undefined {
    return this.rules.peek(spaceId).get(id);
  }

  getByRuleId(spaceId: string, ruleId: string): Rule | undefined {
    for (const r of this.rules.peek(spaceId).values()) if (r.rule_id === ruleId) return r;
    return undefined;
  }

  find(spaceId: string, ids: { id?: string; rule_id?: string }): Rule | undefined {
    if (ids.id != null) return this.getById(spaceId, ids.id);
    if (ids.rule_id != null) return this.getByRuleId(spaceId, ids.rule_id);
    return undefined;
  }

  /** Insert or replace (keeps the original position on replace). */
  put(spaceId: string, rule: Rule): void {
    this.rules.space(spaceId).set(rule.id, rule);
  }

  delete(spaceId: string, id: string): boolean {
    return this.rules.space(spaceId).delete(id);
  }

  toJSON(): unknown {
    return this.rules.toJSON();
  }

  load(data: unknown): void {
    this.rules.load(data);
  }

  /** Rules are saved objects of their space (`alert`, namespace type single). */
  deleteSpace(spaceId: string): void {
    this.rules.drop(spaceId);
  }

  reset(): void {
    this.rules.clear();
  }
}
