/** One step of a JSON Pointer: an object member name or an array index (`'-'` appends). */
export type PointerSegment = string | number;

/** RFC 6901 escaping of one segment: `~` first, so an escaped `/` is not escaped twice. */
export function escapeSegment(segment: PointerSegment): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

export function unescapeSegment(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Builds `/a/b~1c/0` from raw segments. */
export function toPointer(segments: readonly PointerSegment[]): string {
  return segments.map((s) => `/${escapeSegment(s)}`).join('');
}

/** Splits a pointer into raw (unescaped) segments; `undefined` when it does not start with `/`. */
export function parsePointer(pointer: string): string[] | undefined {
  if (!pointer.startsWith('/')) return undefined;
  return pointer.slice(1).split('/').map(unescapeSegment);
}
