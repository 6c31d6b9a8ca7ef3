// Growing typed arrays: the columns of events, deals, ids and durations all grow the same way.

/** `a`'s values at the start of a typed array of the same kind with room for `size`. */
export function widened<A extends Int32Array | Uint8Array | Float64Array>(a: A, size: number): A {
  const b = new (a.constructor as new (length: number) => A)(size);
  b.set(a);
  return b;
}
