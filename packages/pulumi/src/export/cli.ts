#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { getTransport, resolveConnection, type KibanaConnection, type KibanaTransport } from "@esac/kibana-client";
import { buildModel, type ExportModel } from "./model";
import { projectFiles, secretCommands, writeProject, type ProjectVersions } from "./project";
import { readKibana, type ProgressSink } from "./read";

/** What one export did: the model written, the calls it made and how long it took. */
export interface ExportResult {
  model: ExportModel;
  calls: number;
  wallMs: number;
}

export interface ExportOptions {
  spaces: readonly string[];
  out: string;
  adopt?: boolean;
  /** Pulumi project name; default the output folder's name. */
  name?: string;
  progress?: ProgressSink;
}

/** The versions the generated package.json asks for: this package's own and the `@pulumi/pulumi` it was built with. */
export function ownVersions(): ProjectVersions {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string; dependencies: Record<string, string> };
  return { esacPulumi: pkg.version, pulumi: pkg.dependencies["@pulumi/pulumi"] };
}

/** Reads `options.spaces` through `transport` and writes the Pulumi project to `options.out`. */
export async function exportKibana(transport: KibanaTransport, options: ExportOptions): Promise<ExportResult> {
  const started = Date.now();
  let calls = 0;
  const counting = transport.request.bind(transport);
  // Counted at the transport so the number is what Kibana saw, retries aside.
  (transport as { request: KibanaTransport["request"] }).request = ((req: Parameters<KibanaTransport["request"]>[0]) => {
    calls++;
    return counting(req);
  }) as KibanaTransport["request"];
  try {
    const snapshot = await readKibana(transport, options.spaces, options.progress);
    const model = buildModel(snapshot);
    const out = resolve(options.out);
    const name = (options.name ?? basename(out)).toLowerCase().replace(/[^a-z0-9-]/g, "-");
    writeProject(out, projectFiles(model, { name, spaces: options.spaces, adopt: options.adopt ?? true, versions: ownVersions() }));
    return { model, calls, wallMs: Date.now() - started };
  } finally {
    (transport as { request: KibanaTransport["request"] }).request = counting;
  }
}

const USAGE = `Usage: esac export --space <id> [--space <id> …] --out <dir> [--no-adopt] [--name <project>]
Connection (as the provider's): --endpoint / KIBANA_ENDPOINT, --api-key / KIBANA_API_KEY,
  --username / KIBANA_USERNAME, --password / KIBANA_PASSWORD, --ca-cert / KIBANA_CA_CERTS, --insecure / KIBANA_INSECURE`;

/** The summary printed at the end: counts per family, what was skipped and why, the secrets to set. */
export function summary(result: ExportResult, out: string): string {
  const lines = [`Exported to ${out} in ${(result.wallMs / 1000).toFixed(1)} s with ${result.calls} calls to Kibana:`];
  for (const [family, n] of Object.entries(result.model.counts)) lines.push(`  ${family}: ${n}`);
  if (result.model.skipped.length) {
    lines.push("Skipped:");
    for (const s of result.model.skipped) lines.push(`  ${s.family} ${s.key}: ${s.reason}`);
  }
  if (result.model.secrets.length) {
    lines.push("Kibana never returns these secrets; set them in the stack before `pulumi up`:");
    for (const c of secretCommands(result.model.secrets)) lines.push(`  ${c}`);
  }
  lines.push(`Next: cd ${out} && npm install && pulumi up (see README.md).`);
  return lines.join("\n");
}

/** `esac export …`: returns the process exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "export") {
    process.stderr.write(`${USAGE}\n`);
    return command === "--help" || command === "-h" ? 0 : 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      space: { type: "string", multiple: true },
      out: { type: "string" },
      "no-adopt": { type: "boolean" },
      name: { type: "string" },
      endpoint: { type: "string" },
      "api-key": { type: "string" },
      username: { type: "string" },
      password: { type: "string" },
      "ca-cert": { type: "string" },
      insecure: { type: "boolean" },
    },
  });
  if (!values.space?.length || !values.out) {
    process.stderr.write(`esac export: --space and --out are required\n${USAGE}\n`);
    return 2;
  }
  const explicit: Partial<KibanaConnection> = {};
  if (values.endpoint) explicit.endpoint = values.endpoint;
  if (values["api-key"]) explicit.apiKey = values["api-key"];
  if (values.username) explicit.username = values.username;
  if (values.password) explicit.password = values.password;
  if (values["ca-cert"]) explicit.caCert = values["ca-cert"];
  if (values.insecure) explicit.insecure = true;
  const transport = getTransport(resolveConnection({ explicit, env }));
  const progress: ProgressSink = (line) => process.stderr.write(`${line}\n`);
  const result = await exportKibana(transport, { spaces: values.space, out: values.out, adopt: !values["no-adopt"], name: values.name, progress });
  process.stdout.write(`${summary(result, values.out)}\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`esac export: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
