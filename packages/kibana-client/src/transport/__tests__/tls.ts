import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface SelfSignedCertificate {
  key: string;
  cert: string;
  /** Path of the PEM certificate file. */
  certPath: string;
}

export interface CertificateFixture {
  dir: string;
  /** Issued for IP 127.0.0.1 (the test server's certificate). */
  server: SelfSignedCertificate;
  /** An unrelated self-signed certificate, for "wrong CA" cases. */
  other: SelfSignedCertificate;
  cleanup(): void;
}

/** Generates two throwaway self-signed certificates with openssl (EC keys: fast) in a temporary directory. */
export function generateCertificates(): CertificateFixture {
  const dir = mkdtempSync(join(tmpdir(), "esac-tls-"));
  const make = (name: string, subject: string): SelfSignedCertificate => {
    const keyPath = join(dir, `${name}.key`);
    const certPath = join(dir, `${name}.pem`);
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
        "-subj",
        subject,
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        keyPath,
        "-out",
        certPath,
      ],
      { stdio: "pipe" },
    );
    return { key: readFileSync(keyPath, "utf8"), cert: readFileSync(certPath, "utf8"), certPath };
  };
  return {
    dir,
    server: make("server", "/CN=127.0.0.1"),
    other: make("other", "/CN=other-ca"),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
