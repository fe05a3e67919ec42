/** Limits of one uploaded newline-separated file (a list-items `.txt`, a rules `.ndjson`). */
export interface NewlineFileLimits {
  /** Bytes per file, newlines included. */
  maxBytes: number;
  /** Lines per file; no limit when omitted. */
  maxLines?: number;
}

/**
 * Splits `lines` into newline-terminated files within `limits`, in order; a line longer than `maxBytes` gets a file of
 * its own (the server answers for it).
 */
export function newlineFiles(lines: readonly string[], { maxBytes, maxLines = Infinity }: NewlineFileLimits): string[] {
  const files: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of lines) {
    const bytes = Buffer.byteLength(line, "utf8") + 1;
    if (current.length && (current.length >= maxLines || size + bytes > maxBytes)) {
      files.push(current.join("\n") + "\n");
      current = [];
      size = 0;
    }
    current.push(line);
    size += bytes;
  }
  if (current.length) files.push(current.join("\n") + "\n");
  return files;
}
