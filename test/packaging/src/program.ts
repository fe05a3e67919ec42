import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * `compilerOptions` of the tsconfig.json that `pulumi new typescript` writes (pulumi/templates), plus the one line
 * the README's quick start adds: zod's declaration files (reached through @esac/kibana-client's types) need
 * `esModuleInterop` when `tsc` checks them, which the template's settings (no `skipLibCheck`) do.
 */
export const TEMPLATE_COMPILER_OPTIONS = {
  strict: true,
  outDir: "bin",
  target: "es2020",
  module: "commonjs",
  moduleResolution: "node",
  sourceMap: true,
  experimentalDecorators: true,
  pretty: true,
  noFallthroughCasesInSwitch: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
};
export const QUICK_START_COMPILER_OPTIONS = { ...TEMPLATE_COMPILER_OPTIONS, esModuleInterop: true };

export interface ProgramVersions {
  pulumi: string;
  typescript: string;
  typesNode: string;
}

/**
 * A new Pulumi TypeScript program as `pulumi new typescript` lays it out (package.json, tsconfig.json, Pulumi.yaml,
 * index.ts), with nothing installed yet.
 */
export function writeProgram(dir: string, name: string, indexTs: string, versions: ProgramVersions): void {
  mkdirSync(dir, { recursive: true });
  const json = (value: unknown) => JSON.stringify(value, null, 4) + "\n";
  writeFileSync(
    join(dir, "package.json"),
    json({
      name,
      main: "index.ts",
      devDependencies: { "@types/node": versions.typesNode, typescript: versions.typescript },
      dependencies: { "@pulumi/pulumi": versions.pulumi },
    }),
  );
  writeFileSync(join(dir, "tsconfig.json"), json({ compilerOptions: QUICK_START_COMPILER_OPTIONS, files: ["index.ts"] }));
  writeFileSync(
    join(dir, "Pulumi.yaml"),
    [
      `name: ${name}`,
      "description: Elastic Security as code, from the esac packages",
      "runtime:",
      "  name: nodejs",
      "  options:",
      "    packagemanager: npm",
      "    typescript: true",
      "",
    ].join("\n"),
  );
  writeFileSync(join(dir, "index.ts"), indexTs);
}
