/**
 * The root README's TypeScript examples compile against the built @esac/pulumi, each as its own module, with the
 * strict compiler options `pulumi new typescript` writes into a new program's tsconfig.json. So an argument renamed,
 * retyped or made required in a resource breaks this test until the README says the same.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import * as esac from "../src";

const ROOT = resolve(__dirname, "../../..");
const README = join(ROOT, "README.md");

/** `pulumi new typescript`'s compiler options (without output settings), plus no emit. */
const PULUMI_NEW_OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  experimentalDecorators: true,
  noFallthroughCasesInSwitch: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
  noEmit: true,
  skipLibCheck: true,
};

interface Block {
  /** 1-based README line of the block's first code line. */
  line: number;
  code: string;
}

/** The ```ts fenced blocks of a Markdown text. */
function typescriptBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    blocks.push({ line: start + 1, code: lines.slice(start, end).join("\n") });
    i = end;
  }
  return blocks;
}

/**
 * Type-checks each block as a separate module placed in this package's directory, so `@esac/pulumi` and
 * `@pulumi/pulumi` resolve through the workspace's node_modules exactly as in an installed program (to the built
 * `dist` typings). Returns the diagnostics as `README.md:<line>:<col> <message>`.
 */
function typeCheck(blocks: Block[]): string[] {
  const files = new Map(blocks.map((b) => [join(__dirname, `readme-example-line-${b.line}.ts`), b]));
  const host = ts.createCompilerHost(PULUMI_NEW_OPTIONS);
  const disk = { getSourceFile: host.getSourceFile.bind(host), fileExists: host.fileExists.bind(host), readFile: host.readFile.bind(host) };
  host.fileExists = (f) => files.has(f) || disk.fileExists(f);
  host.readFile = (f) => files.get(f)?.code ?? disk.readFile(f);
  host.getSourceFile = (f, lang, ...rest) => {
    const block = files.get(f);
    // `export {}` makes a block without imports a module too, so blocks never share declarations.
    return block ? ts.createSourceFile(f, `${block.code}\nexport {};\n`, lang) : disk.getSourceFile(f, lang, ...rest);
  };
  const program = ts.createProgram([...files.keys()], PULUMI_NEW_OPTIONS, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    const block = d.file && files.get(d.file.fileName);
    if (!d.file || d.start === undefined || !block) return message;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `README.md:${block.line + line}:${character + 1} ${message}`;
  });
}

const blocks = typescriptBlocks(readFileSync(README, "utf8"));

describe("README examples", () => {
  it("type-check against @esac/pulumi with a new Pulumi program's strict compiler options", () => {
    expect(blocks.length).toBeGreaterThan(0);
    expect(typeCheck(blocks)).toEqual([]);
  });

  it("show every resource family", () => {
    const resources = Object.entries(esac)
      .filter(([, value]) => typeof value === "function" && "__pulumiType" in value)
      .map(([name]) => name);
    expect(resources.length).toBeGreaterThanOrEqual(10);
    const shown = blocks.map((b) => b.code).join("\n");
    expect(resources.filter((name) => !new RegExp(`\\bnew ${name}\\(`).test(shown))).toEqual([]);
  });

  it("report a wrong argument at its README line (the check has teeth)", () => {
    const broken = { line: 100, code: 'import { ValueList } from "@esac/pulumi";\n\nnew ValueList("l", { name: "n", description: "d", type: "ipv4" });' };
    const errors = typeCheck([broken]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^README\.md:102:\d+ Type '"ipv4"' is not assignable to type/);
  });
});
