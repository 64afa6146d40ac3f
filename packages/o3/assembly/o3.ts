// AssemblyScript kernels. Caller-owned buffers: every kernel takes pointers.

/** First free byte after static data; the JS arena allocates from here. */
export function heapBase(): usize {
  return __heap_base;
}
