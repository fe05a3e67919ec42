import type { RuleFileProblem } from "./problems";

/** Where an object was read: the file (with `:<line>` for NDJSON) and the path of its fields within it. */
export interface LoadedFrom {
  /** `rules/x.toml`, or `exports/soc.ndjson:3` for a line of an NDJSON file. */
  file: string;
  /** Where the object's fields sit in the file: `["rule"]` for a detection-rules `[rule]` table, else `[]`. */
  at: readonly PropertyKey[];
}

/** A rule body in Kibana's field names (create-rule body), not yet checked. */
export interface LoadedRule extends LoadedFrom {
  /** The rule's fields in Kibana's names, after conversion (read-only fields dropped, detection-rules shape converted). */
  body: Record<string, unknown>;
}

/** An exception list in Kibana's create body field names. */
export interface LoadedExceptionList extends LoadedFrom {
  /** The list's fields (read-only fields such as `id`, `_version`, `tie_breaker_id` dropped). */
  body: Record<string, unknown>;
}

/** An exception list item in Kibana's create body field names; `list_id` names its list. */
export interface LoadedExceptionListItem extends LoadedFrom {
  /** The item's fields (read-only fields dropped; comments reduced to their text). */
  body: Record<string, unknown>;
}

/**
 * A connector listed by a Kibana export (or a detection-rules action-connector file). Kibana never exports
 * secrets, so it is returned as data for the program to declare with its secrets, not as a resource.
 */
export interface ExportedConnector {
  /** The file it was read from. */
  file: string;
  /** Kibana's connector id: what rules' `actions[].id` refer to. */
  id: string;
  /** Connector name. */
  name: string;
  /** Connector type, e.g. `.email`, `.slack`, `.index`. */
  connector_type_id: string;
  /** Non-secret settings, as exported. */
  config: Record<string, unknown>;
  /** Always `true`: exports carry `secrets: {}`; a connector type that has secrets needs them set by the program. */
  needs_secrets: true;
}

/** Everything read from one file or folder. */
export interface LoadedObjects {
  rules: LoadedRule[];
  exceptionLists: LoadedExceptionList[];
  exceptionListItems: LoadedExceptionListItem[];
  connectors: ExportedConnector[];
}

/** What a parser gives back for one file: its objects, or why it cannot. */
export interface ParsedFile extends LoadedObjects {
  problems: RuleFileProblem[];
}

export function emptyParsedFile(): ParsedFile {
  return { rules: [], exceptionLists: [], exceptionListItems: [], connectors: [], problems: [] };
}
