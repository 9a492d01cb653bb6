/** Bytes of a base64 string (the embedded WebAssembly modules), in Node and browsers alike. */
export function decodeBase64(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}
