/**
 * Debug logging of provider operations, on when `ESAC_LOG_LEVEL=debug` (written to stderr, which Pulumi shows as
 * the provider's log output). Callers pass request bodies with secret values already masked; {@link debugLog}
 * never sees credentials (the transport keeps them).
 */
let sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`);

export function debugEnabled(): boolean {
  return /^(debug|trace)$/i.test(process.env.ESAC_LOG_LEVEL ?? "");
}

export function debugLog(resource: string, message: string, data?: unknown): void {
  if (!debugEnabled()) return;
  sink(`[esac:debug] ${resource}: ${message}${data === undefined ? "" : ` ${JSON.stringify(data)}`}`);
}

/** Redirects debug lines (tests); returns the previous sink. */
export function setDebugSink(next: (line: string) => void): (line: string) => void {
  const previous = sink;
  sink = next;
  return previous;
}
