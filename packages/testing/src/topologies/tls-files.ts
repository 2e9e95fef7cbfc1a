import { execFile } from "node:child_process";
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A private CA and a server certificate it signed for 127.0.0.1 and localhost, as PEM files. */
export interface TlsFiles {
  /** The CA's certificate: what a client trusts (e.g. through `NODE_EXTRA_CA_CERTS`). */
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * Writes a throw-away CA and a server certificate into `dir` with `openssl` (P-256 keys, valid
 * two days), so servers started by tests can speak TLS that clients really verify.
 */
export async function makeTlsFiles(dir: string): Promise<TlsFiles> {
  const at = (name: string) => join(dir, name);
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  const openssl = (args: string[]) =>
    run("openssl", args).catch((error: NodeJS.ErrnoException) => {
      throw error.code === "ENOENT"
        ? new Error("openssl is not installed: install it (sudo apt-get install openssl)")
        : error;
    });
  await openssl([
    "req",
    "-x509",
    ...ec,
    "-days",
    "2",
    "-subj",
    "/CN=cert-intake test CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign",
    "-keyout",
    at("ca.key"),
    "-out",
    at("ca.crt"),
  ]);
  await openssl([
    "req",
    ...ec,
    "-subj",
    "/CN=127.0.0.1",
    "-keyout",
    at("server.key"),
    "-out",
    at("server.csr"),
  ]);
  await writeFile(at("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  await openssl([
    "x509",
    "-req",
    "-in",
    at("server.csr"),
    "-CA",
    at("ca.crt"),
    "-CAkey",
    at("ca.key"),
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    at("server.ext"),
    "-out",
    at("server.crt"),
  ]);
  // Readable by a server running in a container as another user: these keys guard nothing.
  await chmod(at("server.key"), 0o644);
  return { caFile: at("ca.crt"), certFile: at("server.crt"), keyFile: at("server.key") };
}

/**
 * `redis-server` settings that add a TLS listener on `tlsPort` (beside the plain port, which the
 * fixtures keep using) with the certificate of `files`; clients need no certificate, and a
 * replica or sentinel speaks TLS to the nodes it follows. As `[name, value]` pairs.
 */
export function redisTlsSettings(files: TlsFiles, tlsPort: number): [string, string][] {
  return [
    ["tls-port", String(tlsPort)],
    ["tls-cert-file", files.certFile],
    ["tls-key-file", files.keyFile],
    ["tls-ca-cert-file", files.caFile],
    ["tls-auth-clients", "no"],
    ["tls-replication", "yes"],
  ];
}

/** {@link redisTlsSettings} as command-line arguments. */
export function redisTlsArgs(files: TlsFiles, tlsPort: number): string[] {
  return redisTlsSettings(files, tlsPort).flatMap(([name, value]) => [`--${name}`, value]);
}
