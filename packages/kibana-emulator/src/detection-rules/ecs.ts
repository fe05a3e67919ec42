/**
 * `required_fields[].ecs`: Kibana's `addEcsToRequiredFields`
 * (x-pack/solutions/security/plugins/security_solution/common/detection_engine/rule_management/utils.ts) answers
 * `ecsFieldMap[name]?.type === type`. `ecsFieldMap`
 * (src/platform/packages/shared/kbn-alerts-as-data-utils/src/field_maps/ecs_field_map.ts, commit 654baacf) is
 * `EcsFlat` of the `@elastic/ecs` package minus the excluded types, the experimental fields and the children of an
 * excluded parent — rebuilt here from the same package, so `user.type` (not an ECS field) is `false`.
 */
import { EcsFlat } from "@elastic/ecs";

const EXCLUDED_TYPES = new Set(["constant_keyword", "nested", "flattened"]);

/** Stage-2 RFC fields Kibana leaves out of the map (same file, `EXPERIMENTAL_FIELDS`). */
const EXPERIMENTAL_FIELDS = new Set([
  "faas.trigger",
  "faas.trigger.request_id",
  "faas.trigger.type",
  "host.cpu.system.norm.pct",
  "host.cpu.user.norm.pct",
  "host.fsstats.total_size.total",
  "host.fsstats.total_size.used",
  "host.fsstats.total_size.used.pct",
  "host.load.norm.1",
  "host.load.norm.5",
  "host.load.norm.15",
  "host.memory.actual.used.bytes",
  "host.memory.actual.used.pct",
  "host.memory.total",
  "process.io.bytes",
]);

function buildEcsTypes(): ReadonlyMap<string, string> {
  const flat = EcsFlat as Record<string, { type: string }>;
  const excludedParents = Object.entries(flat)
    .filter(([, v]) => EXCLUDED_TYPES.has(v.type))
    .map(([k]) => `${k}.`);
  const types = new Map<string, string>();
  for (const [name, field] of Object.entries(flat)) {
    if (EXCLUDED_TYPES.has(field.type) || EXPERIMENTAL_FIELDS.has(name)) continue;
    if (excludedParents.some((p) => name.startsWith(p))) continue;
    types.set(name, field.type);
  }
  return types;
}

let ecsTypes: ReadonlyMap<string, string> | undefined;

/** The ECS type of `name` as Kibana's alerts field map knows it, or undefined for a non-ECS field. */
export function ecsFieldType(name: string): string | undefined {
  ecsTypes ??= buildEcsTypes();
  return ecsTypes.get(name);
}

export function isEcsField(name: string, type: string): boolean {
  return ecsFieldType(name) === type;
}
