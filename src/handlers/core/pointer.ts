/** One step of a JSON Pointer: an object member name or an array index (`'-'` appends). */
export type PointerSegment = string | number;

/** RFC 6901 escaping of one segment: `~` first, so an escaped `/` is not escaped twice. */
export function escapeSegment(segment: PointerSegment): string {
  const text = String(segment);
  // Most claim names need no escaping; skipping the two scans-and-copies keeps the builder cheap.
  if (!text.includes('~') && !text.includes('/')) return text;
  return text.replaceAll('~', '~0').replaceAll('/', '~1');
}

export function unescapeSegment(segment: string): string {
  if (!segment.includes('~')) return segment;
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Builds `/a/b~1c/0` from raw segments. */
export function toPointer(segments: readonly PointerSegment[]): string {
  let pointer = '';
  for (const segment of segments) pointer += `/${escapeSegment(segment)}`;
  return pointer;
}

/** Splits a pointer into raw (unescaped) segments; `undefined` when it does not start with `/`. */
export function parsePointer(pointer: string): string[] | undefined {
  if (!pointer.startsWith('/')) return undefined;
  const segments = pointer.slice(1).split('/');
  if (pointer.includes('~')) for (let i = 0; i < segments.length; i++) segments[i] = unescapeSegment(segments[i]!);
  return segments;
}
