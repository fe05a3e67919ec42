import type { RuleFileProblem } from "./problems";

type Obj = Record<string, unknown>;

/** Where an object was read: the file (with `:<line>` for NDJSON) and the path of its fields within it. */
export interface LoadedFrom {
  /** `rules/x.toml`, or `exports/soc.ndjson:3` for a line of an NDJSON file. */
  file: string;
  /** Where the object's fields sit in the file: `["rule"]` for a detection-rules `[rule]` table, else `[]`. */
  at: readonly PropertyKey[];
}

/** A rule body in Kibana's field names (create-rule body), not yet checked. */
export interface LoadedRule extends LoadedFrom {
  body: Obj;
}

/** An exception list in Kibana's create body field names. */
export interface LoadedExceptionList extends LoadedFrom {
  body: Obj;
}

/** An exception list item in Kibana's create body field names; `list_id` names its list. */
export interface LoadedExceptionListItem extends LoadedFrom {
  body: Obj;
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
  config: Obj;
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
