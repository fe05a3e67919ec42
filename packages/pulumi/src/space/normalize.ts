import type { Space } from "@esac/kibana-client";
import { deepEqual } from "../provider-kit/json";

type Obj = Record<string, unknown>;

/** The space's fields, as the resource keeps them (Kibana's names; the space's own id is `space_id`). */
export const SPACE_FIELDS = ["name", "description", "color", "initials", "imageUrl", "disabledFeatures", "solution"] as const;

/**
 * Fields a PUT can unset only by sending `""` (Kibana's saved-object update is partial: an omitted attribute keeps
 * its value), and that Kibana then returns as `""` — the same as unset here.
 */
export const CLEARABLE_FIELDS = ["description", "initials", "imageUrl"] as const;

/** A solution other than `classic` makes Kibana answer its own `disabledFeatures` (space_solution_disabled_features.ts). */
export function solutionDecidesFeatures(solution: unknown): boolean {
  return typeof solution === "string" && solution !== "classic";
}

/** State from Kibana's answer; `""` in a clearable field is unset. */
export function spaceState(space: Space): Obj {
  const state: Obj = { space_id: space.id, name: space.name, disabledFeatures: space.disabledFeatures };
  for (const k of ["description", "color", "initials", "imageUrl", "solution"] as const) {
    const v = space[k];
    if (v !== undefined && v !== "") state[k] = v;
  }
  return state;
}

/**
 * The fields whose program value differs from `olds` (state). Left out of the program, `color` and `solution` are not
 * managed: Kibana keeps them when a PUT omits them and neither can be cleared. `disabledFeatures` is compared as a
 * set, and not at all while a solution decides it.
 */
export function changedSpaceFields(olds: Obj, news: Obj): string[] {
  const blank = (v: unknown) => (v === "" ? undefined : v);
  const changed: string[] = [];
  if (news.name !== olds.name) changed.push("name");
  for (const k of CLEARABLE_FIELDS) if (blank(news[k]) !== blank(olds[k])) changed.push(k);
  for (const k of ["color", "solution"] as const) if (news[k] !== undefined && news[k] !== olds[k]) changed.push(k);
  const solution = news.solution ?? olds.solution;
  if (!solutionDecidesFeatures(solution)) {
    const set = (v: unknown) => [...new Set(Array.isArray(v) ? (v as string[]) : [])].sort();
    if (!deepEqual(set(news.disabledFeatures), set(olds.disabledFeatures))) changed.push("disabledFeatures");
  }
  return changed;
}
