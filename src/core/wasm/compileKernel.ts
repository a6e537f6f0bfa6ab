/**
 * A committed kernel (base64 of its .wasm) compiled once per thread. Null where WebAssembly is missing,
 * where the module does not validate (e.g. SIMD unsupported), or where compiling throws (a
 * Content-Security-Policy without 'wasm-unsafe-eval'): the caller then runs its JS path.
 */
export function compiledKernel(base64: string): () => WebAssembly.Module | null {
  let compiled: WebAssembly.Module | null | undefined;
  return () => {
    if (compiled !== undefined) return compiled;
    compiled = null;
    if (typeof WebAssembly !== 'object') return compiled;
    try {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
    } catch {
      compiled = null;
    }
    return compiled;
  };
}
