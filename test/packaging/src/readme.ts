import { readFileSync } from "node:fs";

/**
 * The fenced code block that follows `<!-- packaging-test: <name> -->` in a Markdown file (the marker is invisible
 * on rendered pages). Tests run or compile these blocks so the documentation stays true.
 */
export function markedBlocks(markdownFile: string, name: string): string[] {
  const text = readFileSync(markdownFile, "utf8");
  const marker = new RegExp(`<!--\\s*packaging-test:\\s*${name}\\s*-->\\s*\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\``, "g");
  return [...text.matchAll(marker)].map((m) => m[1]);
}

export function markedBlock(markdownFile: string, name: string): string {
  const blocks = markedBlocks(markdownFile, name);
  if (blocks.length !== 1) {
    throw new Error(`${markdownFile}: expected one code block marked "packaging-test: ${name}", found ${blocks.length}`);
  }
  return blocks[0];
}

/**
 * The shell lines of a block a test can run here: comments stripped; `git clone` lines (and the `npm install` in the
 * clone that follows them) left out, since the test already runs inside a clone with its dependencies installed.
 */
export function runnableShellLines(block: string): string[] {
  return block
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#") && !line.startsWith("git clone"));
}
