import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ExportModel, SecretPlaceholder } from "./model";
import { programSource } from "./program";

/** What the generated project depends on: the versions of the packages this exporter ships with. */
export interface ProjectVersions {
  esacPulumi: string;
  pulumi: string;
}

export interface ProjectOptions {
  /** Pulumi project name (`Pulumi.yaml`). */
  name: string;
  spaces: readonly string[];
  /** Declare the objects with `adopt: true` (default): the first `pulumi up` takes them over. */
  adopt: boolean;
  versions: ProjectVersions;
}

/** JSON as the data files hold it: 2-space indent, a final newline. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

/** The `pulumi config set --secret …` commands for the secrets Kibana never returns. */
export function secretCommands(secrets: readonly SecretPlaceholder[]): string[] {
  return secrets.map((s) => `pulumi config set --secret ${s.configKey} '${s.shape.startsWith("{") ? s.shape.split(" (")[0] : "…"}'   # ${s.about}`);
}

/** Every file of the project, path → text. */
export function projectFiles(model: ExportModel, options: ProjectOptions): Map<string, string> {
  const out = new Map<string, string>();
  out.set("Pulumi.yaml", `name: ${options.name}\ndescription: Exported from Kibana (spaces ${options.spaces.join(", ")}) by esac export\nruntime: nodejs\n`);
  out.set(
    "package.json",
    jsonText({
      name: options.name,
      private: true,
      main: "index.ts",
      dependencies: { "@esac/pulumi": options.versions.esacPulumi, "@pulumi/pulumi": options.versions.pulumi },
      devDependencies: { "@types/node": "^22.0.0", typescript: "^5.0.0" },
    }),
  );
  out.set(
    "tsconfig.json",
    jsonText({
      compilerOptions: { strict: true, target: "es2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true, skipLibCheck: true },
      files: ["index.ts"],
    }),
  );
  out.set(".gitignore", "node_modules/\n");
  out.set("index.ts", programSource(options.adopt));
  out.set("README.md", readme(model, options));
  for (const [path, value] of model.files) out.set(path, jsonText(value));
  return out;
}

/** Writes the project under `dir` (created when missing; files of the same name are overwritten). */
export function writeProject(dir: string, files: Map<string, string>): void {
  for (const [path, text] of files) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

function readme(model: ExportModel, options: ProjectOptions): string {
  const counts = Object.entries(model.counts)
    .map(([family, n]) => `- ${family}: ${n}`)
    .join("\n");
  const secrets = model.secrets.length
    ? "Kibana never returns these secrets; set them in the stack before the first `pulumi up` (keep only the keys each connector uses):\n\n```sh\n" +
      secretCommands(model.secrets).join("\n") +
      "\n```\n"
    : "No secrets to set: none of the exported objects holds one.\n";
  return `# ${options.name}

Exported from Kibana by \`esac export\` (spaces: ${options.spaces.join(", ")}). Each object is one JSON file in Kibana's
own field names; \`index.ts\` declares every file as an esac resource and wires the references (rule actions to the
\`Connector\`, \`exceptions_list\` to the \`ExceptionList\`, \`list\` exception entries to the \`ValueList\`). Adding a file
adds an object, deleting a file deletes it on the next \`pulumi up\`.

${counts}

## Steps

1. \`npm install\`
2. \`pulumi stack init\`, then point it at Kibana: \`pulumi config set kibana:endpoint https://…\` and
   \`pulumi config set --secret kibana:apiKey …\` (or the \`KIBANA_ENDPOINT\` / \`KIBANA_API_KEY\` variables).
3. Secrets. ${secrets}
4. \`pulumi up\`: every object is taken over (\`adopt: true\`), so Pulumi lists them as created while Kibana receives no
   create and no update, except one PUT per connector or Fleet host given secrets (Kibana never returns secrets, so
   they are written once to be sure they are yours). With hundreds of objects, \`PULUMI_SKIP_CHECKPOINTS=true pulumi up\`
   writes the state once at the end instead of after every object (an interrupted run is simply run again: the
   objects are still adopted).
5. Stop adopting, so that a later create never takes over an object someone else made:

   \`\`\`sh
   sed -i 's/^const ADOPT = true;/const ADOPT = false;/' index.ts
   \`\`\`

   (or export again with \`--no-adopt\`). \`pulumi preview\` then shows no change.
`;
}
