import { dirname } from "node:path";
import { useNativeProtobufStrings } from "./protobuf-strings";

// The modules Pulumi's SDK sends properties through: its provider protocol and google-protobuf's Struct.
const pulumiDir = dirname(require.resolve("@pulumi/pulumi"));
/* eslint-disable @typescript-eslint/no-require-imports */
const protobuf = require(require.resolve("google-protobuf", { paths: [pulumiDir] }));
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));
const { CheckRequest } = require("@pulumi/pulumi/proto/provider_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

const TEXTS = {
  ascii: '{"name":"Rule","query":"process.name : \\"cmd.exe\\""}',
  twoByte: "Détection: accès réseau",
  threeByte: "检测规则 — ルール",
  fourByte: "emoji 🛡️🔥 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  empty: "",
  long: "x".repeat(100_000) + "é".repeat(50_000),
};

/** A CheckRequest carrying `texts` as its news, serialized by whatever coder google-protobuf has now. */
function checkRequestBytes(texts: Record<string, string>): Uint8Array {
  const request = new CheckRequest();
  request.setUrn("urn:pulumi:stack::project::pulumi-nodejs:dynamic/esac:DetectionRules::set");
  request.setNews(Struct.fromJavaScript({ rules: texts }));
  return request.serializeBinary();
}

const decodedNews = (bytes: Uint8Array) => CheckRequest.deserializeBinary(bytes).getNews().toJavaScript();

describe("useNativeProtobufStrings", () => {
  // In order: google-protobuf stays as it is until the last tests replace its coder in this file's module registry.
  let original: Uint8Array;

  it("leaves google-protobuf as it is with ESAC_NATIVE_PROTOBUF_STRINGS=false", () => {
    const { readString } = protobuf.BinaryReader.prototype;
    const { writeString } = protobuf.BinaryWriter.prototype;
    process.env.ESAC_NATIVE_PROTOBUF_STRINGS = "false";
    try {
      expect(useNativeProtobufStrings()).toBe(false);
    } finally {
      delete process.env.ESAC_NATIVE_PROTOBUF_STRINGS;
    }
    expect(protobuf.BinaryReader.prototype.readString).toBe(readString);
    expect(protobuf.BinaryWriter.prototype.writeString).toBe(writeString);
    original = checkRequestBytes(TEXTS);
  });

  it("writes the bytes google-protobuf wrote, and reads them back to the same strings", () => {
    expect(useNativeProtobufStrings()).toBe(true);
    expect(protobuf.BinaryReader.prototype.readString.name).toBe("readString");
    const native = checkRequestBytes(TEXTS);
    expect(Buffer.from(native).equals(Buffer.from(original))).toBe(true);
    expect(decodedNews(native)).toEqual({ rules: TEXTS });
  });

  it("is idempotent: a second call keeps the same coder", () => {
    const { readString } = protobuf.BinaryReader.prototype;
    const { writeString } = protobuf.BinaryWriter.prototype;
    expect(useNativeProtobufStrings()).toBe(true);
    expect(protobuf.BinaryReader.prototype.readString).toBe(readString);
    expect(protobuf.BinaryWriter.prototype.writeString).toBe(writeString);
  });

  it("writes a lone surrogate as U+FFFD (valid UTF-8, as the engine requires)", () => {
    const bytes = checkRequestBytes({ broken: "a\uD800b" });
    expect(decodedNews(bytes)).toEqual({ rules: { broken: "a\uFFFDb" } });
  });
});
