import { dirname } from "node:path";

/** The part of google-protobuf's binary reader and writer this module replaces (their public, documented names). */
interface BinaryCoding {
  BinaryReader: { prototype: { readString: (this: unknown) => string; readBytes: (this: unknown) => Uint8Array } };
  BinaryWriter: {
    prototype: {
      writeString: (this: unknown, field: number, value?: string | null) => void;
      writeBytes: (this: unknown, field: number, value?: Uint8Array | null) => void;
    };
  };
}

const PATCHED = Symbol.for("esac.nativeProtobufStrings");

/**
 * Makes the google-protobuf that Pulumi's Node SDK uses code strings with Node's native UTF-8 coder, in this process.
 *
 * Pulumi's Node SDK sends every property through google-protobuf, whose JavaScript build decodes a string byte by
 * byte into an array of char codes, and encodes one by pushing each byte onto a plain array. Rule texts are most of
 * what a rules stack sends: for one `DetectionRules` of 1,650 corpus rules (13 MB of text), a no-change preview took
 * 5.4 s with that coding and 4.65 s with this one. (The provider host decodes its first request before it loads
 * esac, the old way; with every request decoded natively, it would be 4.45 s.)
 *
 * The replacements write and read the same bytes: a string field is a length-delimited field of its UTF-8 bytes,
 * exactly as a bytes field is, so they go through google-protobuf's own `writeBytes` and `readBytes`. Ill-formed
 * UTF-16 (a lone surrogate) becomes U+FFFD, where google-protobuf's coder dropped it or wrote bytes the engine
 * rejects as invalid UTF-8.
 *
 * Called by every esac resource in the program and by the provider when it loads; idempotent. Set
 * `ESAC_NATIVE_PROTOBUF_STRINGS=false` to leave google-protobuf as it is. Returns whether the coder is (now) replaced.
 */
export function useNativeProtobufStrings(): boolean {
  if (process.env.ESAC_NATIVE_PROTOBUF_STRINGS === "false") return false;
  const coding = pulumisProtobuf();
  if (!coding) return false;
  const reader = coding.BinaryReader.prototype as BinaryCoding["BinaryReader"]["prototype"] & { [PATCHED]?: true };
  const writer = coding.BinaryWriter.prototype;
  if (reader[PATCHED]) return true;
  const { readBytes } = reader;
  const { writeBytes } = writer;
  if (typeof readBytes !== "function" || typeof writeBytes !== "function") return false;
  reader.readString = function readString(this: unknown) {
    const bytes = readBytes.call(this);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  };
  writer.writeString = function writeString(this: unknown, field: number, value?: string | null) {
    if (value !== null && value !== undefined) writeBytes.call(this, field, Buffer.from(value, "utf8"));
  };
  reader[PATCHED] = true;
  return true;
}

/** The google-protobuf module the installed @pulumi/pulumi loads, or undefined when there is none to find. */
function pulumisProtobuf(): BinaryCoding | undefined {
  try {
    const pulumiDir = dirname(require.resolve("@pulumi/pulumi"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const coding = require(require.resolve("google-protobuf", { paths: [pulumiDir] })) as Partial<BinaryCoding>;
    return coding.BinaryReader?.prototype && coding.BinaryWriter?.prototype ? (coding as BinaryCoding) : undefined;
  } catch {
    return undefined;
  }
}
