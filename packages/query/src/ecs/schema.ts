/**
 * The Elastic Common Schema's field list, read from the `@elastic/ecs` package (its generated `EcsFlat`: one entry per
 * leaf field, keyed by `flat_name`, with `type` and `multi_fields`), loaded lazily and once per process per release.
 */

/** The part of an `EcsFlat` entry the checks read. */
interface EcsFlatField {
  flat_name: string;
  type: string;
  multi_fields?: { flat_name: string; type: string }[];
}

/** The ECS releases this package ships, by the npm package (or alias) that holds each. */
const RELEASES = {
  "8.11": "@elastic/ecs-8",
  "9.4": "@elastic/ecs",
} as const;

export type EcsRelease = keyof typeof RELEASES;

/** The newest ECS release this package ships: the one used when no version is asked for. */
export const NEWEST_ECS_RELEASE: EcsRelease = "9.4";

/**
 * The ECS release to check a rule against, for the Kibana version it targets (`"8.19"`, `"9.4.2"`; unset: the newest).
 * ECS is published on npm as 8.11.x for the whole 8.x line and then 9.x: a Kibana 8.x gets 8.11 (the last 8.x ECS
 * release on npm), a Kibana 9.x or later 9.4 (9.x releases only add fields to 9.0's, so the newest is the lenient
 * choice for 9.0–9.3: a field added in 9.4 is not reported, never a valid one reported).
 */
export function ecsReleaseFor(kibanaVersion: string | undefined): EcsRelease {
  if (kibanaVersion === undefined || kibanaVersion.trim() === "") return NEWEST_ECS_RELEASE;
  const major = /^\s*v?(\d+)(?:\.\d+)*/.exec(kibanaVersion);
  if (!major) throw new Error(`ecsVersion: "${kibanaVersion}" is not a Kibana version (expected major.minor, e.g. "8.19" or "9.4")`);
  return Number(major[1]) < 9 ? "8.11" : "9.4";
}

/** Field types a terms aggregation cannot run on (no doc values), or that are not leaf fields at all. */
const NOT_AGGREGATABLE = new Set(["text", "match_only_text", "annotated_text", "binary", "object", "nested"]);
/** Types whose sub-fields ECS does not list: any `labels.x`, `container.labels.x`, `log.syslog.structured_data.x`. */
const OPEN_OBJECT_TYPES = new Set(["object", "flattened"]);
/**
 * The case-insensitive keyword multi-field Elastic's integrations (Elastic Defend, Windows, …) add to many ECS keyword
 * fields (`process.name.caseless`, `file.path.caseless`): not in ECS, but present in the data the rules search.
 */
const CASELESS = "caseless";

export class EcsSchema {
  private readonly types = new Map<string, string>();
  /** Every dotted prefix of a field (`process`, `process.parent`): object fields that `exists` queries may name. */
  private readonly objects = new Set<string>();
  private readonly openObjects: string[] = [];
  private readonly patternCache = new Map<string, boolean>();

  constructor(
    readonly release: string,
    flat: Record<string, EcsFlatField>,
  ) {
    for (const field of Object.values(flat)) {
      this.types.set(field.flat_name, field.type);
      for (const multi of field.multi_fields ?? []) this.types.set(multi.flat_name, multi.type);
      if (OPEN_OBJECT_TYPES.has(field.type)) this.openObjects.push(`${field.flat_name}.`);
      for (let dot = field.flat_name.indexOf("."); dot > 0; dot = field.flat_name.indexOf(".", dot + 1)) this.objects.add(field.flat_name.slice(0, dot));
    }
  }

  /** How many leaf fields and multi-fields the release defines. */
  get size(): number {
    return this.types.size;
  }

  /** The mapping type of a field or multi-field (`keyword`, `match_only_text`…); `object` for a parent of fields. */
  typeOf(name: string): string | undefined {
    const type = this.types.get(name);
    if (type !== undefined) return type;
    if (this.objects.has(name)) return "object";
    if (name.endsWith(`.${CASELESS}`) && this.types.get(name.slice(0, -CASELESS.length - 1)) === "keyword") return "keyword";
    if (this.openObjects.some((prefix) => name.startsWith(prefix))) return "unknown";
    return undefined;
  }

  /** A field, multi-field, parent object or child of an open object (`labels.team`) of this release. */
  has(name: string): boolean {
    return this.typeOf(name) !== undefined;
  }

  /** Whether a wildcard name (`process.*`, `*.name`) matches at least one field of this release. */
  matches(pattern: string): boolean {
    let known = this.patternCache.get(pattern);
    if (known === undefined) {
      const regex = wildcardRegex(pattern);
      known = false;
      for (const name of this.types.keys()) {
        if (regex.test(name)) {
          known = true;
          break;
        }
      }
      this.patternCache.set(pattern, known);
    }
    return known;
  }

  /** Whether a terms aggregation (what a threshold groups by) can run on the field: false for text types and objects. */
  isAggregatable(name: string): boolean | undefined {
    const type = this.typeOf(name);
    return type === undefined || type === "unknown" ? undefined : !NOT_AGGREGATABLE.has(type);
  }
}

/** `*` matches any run of characters (dots included), everything else literally. */
export function wildcardRegex(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map(escapeRegex).join(".*")}$`);
}

function escapeRegex(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}

const loaded = new Map<EcsRelease, EcsSchema>();

/** The field list of an ECS release, read from its package the first time it is asked for. */
export function ecsSchema(release: EcsRelease = NEWEST_ECS_RELEASE): EcsSchema {
  let schema = loaded.get(release);
  if (!schema) {
    // The generated module, not the package's index: the index's type declarations are ~1 MB that tsc need not read.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(`${RELEASES[release]}/build/commonjs/ecs_flat.js`) as { EcsFlat: Record<string, EcsFlatField> };
    schema = new EcsSchema(release, module.EcsFlat);
    loaded.set(release, schema);
  }
  return schema;
}
