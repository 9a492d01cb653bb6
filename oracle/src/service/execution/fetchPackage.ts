import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OracleNodeError } from '../OracleNodeError';

/** Where a package may be read from: a local file (inside the package root) or an http(s) URL. */
export type PackageSource = { kind: 'file'; manifest: string } | { kind: 'http'; manifest: string };

/** The two files of a package, as fetched (not verified yet). */
export interface FetchedPackage {
  manifest: string;
  paramsFile: string;
  params: Uint8Array;
}

/** Largest manifest accepted (the text model's is 171 KB). */
const MAX_MANIFEST_BYTES = 16 * 2 ** 20;
const FETCH_TIMEOUT_MS = 60_000;

/**
 * The places to look for a model's package, in order: its on-chain package URI (a path, `file://`
 * or `http(s)://`; a path to a folder means its `manifest.json`), then each peer node's
 * content-addressed `/packages/:modelHash/manifest.json`. Throws `PACKAGE_UNREACHABLE` for a URI
 * scheme the node cannot read when there is no peer either.
 *
 * @example
 * packageSources('oracle/models/digits/manifest.json', modelHash, { packageRoot: process.cwd(), peers: [] });
 */
export function packageSources(
  uri: string,
  modelHash: string,
  options: { packageRoot: string; peers: readonly string[] },
): PackageSource[] {
  const sources: PackageSource[] = [];
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(uri)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') sources.push({ kind: 'http', manifest: uri });
  else if (scheme === 'file') sources.push({ kind: 'file', manifest: fileURLToPath(uri) });
  else if (scheme === undefined && uri.trim() !== '') {
    sources.push({ kind: 'file', manifest: path.resolve(options.packageRoot, uri) });
  }
  for (const peer of options.peers) {
    sources.push({ kind: 'http', manifest: `${peer.replace(/\/+$/, '')}/packages/${modelHash}/manifest.json` });
  }
  if (sources.length === 0) {
    throw new OracleNodeError(
      'PACKAGE_UNREACHABLE',
      `package URI scheme ${scheme ?? '(none)'}: is not supported; serve the package over http(s) or set packagePeers`,
      { retryable: true },
    );
  }
  return sources;
}

/** The params file named by a manifest: a plain file name, never a path. */
function paramsFileOf(manifest: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifest);
  } catch {
    throw new OracleNodeError('PACKAGE_MALFORMED', 'the manifest is not valid JSON');
  }
  const name = (parsed as { paramsFile?: unknown }).paramsFile;
  if (typeof name !== 'string' || !/^[A-Za-z0-9._-]{1,128}$/.test(name) || name.includes('..')) {
    throw new OracleNodeError('PACKAGE_MALFORMED', 'the manifest paramsFile must be a plain file name');
  }
  return name;
}

/** Reads a regular file inside `root` (after resolving links) of at most `limit` bytes. */
function readInside(root: string, file: string, limit: number): Buffer {
  let real: string;
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
    real = fs.realpathSync(file);
  } catch (cause) {
    throw new OracleNodeError('PACKAGE_UNREACHABLE', `${file} does not exist`, { cause, retryable: true });
  }
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
    throw new OracleNodeError(
      'PACKAGE_FORBIDDEN',
      `${file} is outside the package root ${root}; the node reads local packages only inside packageRoot`,
    );
  }
  const stat = fs.statSync(real);
  if (!stat.isFile()) throw new OracleNodeError('PACKAGE_UNREACHABLE', `${file} is not a file`, { retryable: true });
  if (stat.size > limit) {
    throw new OracleNodeError('PACKAGE_TOO_LARGE', `${file} is ${stat.size} bytes, above the limit of ${limit}`);
  }
  return fs.readFileSync(real);
}

/** GETs a URL into memory, failing once it passes `limit` bytes. */
async function download(url: string, limit: number): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
  } catch (cause) {
    throw new OracleNodeError(
      'PACKAGE_UNREACHABLE',
      `${url} did not answer (${cause instanceof Error ? cause.message : String(cause)})`,
      { cause, retryable: true },
    );
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new OracleNodeError('PACKAGE_UNREACHABLE', `${url} answered HTTP ${res.status}`, { retryable: true });
  }
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > limit) {
    await res.body.cancel();
    throw new OracleNodeError('PACKAGE_TOO_LARGE', `${url} is ${declared} bytes, above the limit of ${limit}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new OracleNodeError('PACKAGE_TOO_LARGE', `${url} is more than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * Fetches a package's manifest and params file from one source, within the size limit (`limit`
 * bytes for the params). Nothing is verified here: the caller loads the bytes against the on-chain
 * `modelHash` before using them.
 *
 * @example
 * const fetched = await fetchPackage({ kind: 'http', manifest: 'https://host/digits/manifest.json' }, { packageRoot, limit });
 */
export async function fetchPackage(
  source: PackageSource,
  options: { packageRoot: string; limit: number },
): Promise<FetchedPackage> {
  if (source.kind === 'file') {
    let manifestPath = source.manifest;
    if (fs.existsSync(manifestPath) && fs.statSync(manifestPath).isDirectory()) {
      manifestPath = path.join(manifestPath, 'manifest.json');
    }
    const manifest = readInside(options.packageRoot, manifestPath, MAX_MANIFEST_BYTES).toString('utf8');
    const paramsFile = paramsFileOf(manifest);
    const params = readInside(options.packageRoot, path.join(path.dirname(manifestPath), paramsFile), options.limit);
    return { manifest, paramsFile, params };
  }
  const manifest = new TextDecoder().decode(await download(source.manifest, MAX_MANIFEST_BYTES));
  const paramsFile = paramsFileOf(manifest);
  const params = await download(new URL(paramsFile, source.manifest).toString(), options.limit);
  return { manifest, paramsFile, params };
}
