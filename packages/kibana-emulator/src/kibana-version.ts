import { formatKibanaVersion, NEWEST_SUPPORTED_KIBANA, parseKibanaVersion, unsupportedVersionReason, type KibanaVersion } from "@esac/kibana-client";

/** The release an emulator serves: `requested` (`"8.19"` means 8.19.0), or the newest esac knows. Throws naming the value. */
export function resolveEmulatorVersion(requested: string | undefined): KibanaVersion {
  const text = requested ?? NEWEST_SUPPORTED_KIBANA;
  const reason = typeof text === "string" ? unsupportedVersionReason(text) : "must be a string";
  if (reason) throw new Error(`version: ${reason}, got ${JSON.stringify(requested)}`);
  return parseKibanaVersion(text)!;
}

export { formatKibanaVersion };
