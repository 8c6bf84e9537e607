/**
 * Structural mutations of a JSON document for fuzzing: drop a member, give it another type,
 * duplicate it under a sibling name or into an array, or replace it with arbitrary JSON.
 */
import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Path = (string | number)[];

export const MUTATIONS = ['drop', 'retype', 'wrap', 'duplicate', 'replace', 'empty'] as const;
export type MutationKind = (typeof MUTATIONS)[number];

export interface Mutation {
  /** Picks the target among all paths of the document (modulo their count). */
  pick: number;
  kind: MutationKind;
  value: unknown;
}

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  kind: fc.constantFrom(...MUTATIONS),
  value: fc.jsonValue({ maxDepth: 3 }),
});

/** Every member path below the root, parents before children. */
export function pathsOf(doc: Json, prefix: Path = []): Path[] {
  if (doc === null || typeof doc !== 'object') return [];
  const entries: [string | number, Json][] = Array.isArray(doc) ? doc.map((v, i) => [i, v]) : Object.entries(doc);
  return entries.flatMap(([key, value]) => [[...prefix, key], ...pathsOf(value, [...prefix, key])]);
}

function retype(value: Json): Json {
  if (typeof value === 'string') return value.length;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === null) return {};
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
  return Object.values(value);
}

/** Applies the mutations in order to a deep copy; the root always stays an object. */
export function mutate(doc: Record<string, unknown>, mutations: readonly Mutation[]): Record<string, unknown> {
  const root = structuredClone(doc) as { [key: string]: Json };
  for (const m of mutations) {
    const paths = pathsOf(root);
    if (paths.length === 0) break;
    const path = paths[m.pick % paths.length]!;
    const key = path.at(-1)!;
    let parent: Json = root;
    for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[step]!;
    const holder = parent as Record<string | number, Json>;
    const current = holder[key]!;
    switch (m.kind) {
      case 'drop':
        if (Array.isArray(holder)) holder.splice(key as number, 1);
        else delete holder[key];
        break;
      case 'retype':
        holder[key] = retype(current);
        break;
      case 'wrap':
        holder[key] = [current, current];
        break;
      case 'duplicate':
        if (Array.isArray(holder)) holder.push(structuredClone(current));
        else holder[`${String(key)}_`] = structuredClone(current);
        break;
      case 'replace':
        holder[key] = m.value as Json;
        break;
      case 'empty':
        holder[key] = typeof current === 'string' ? '' : Array.isArray(current) ? [] : current !== null && typeof current === 'object' ? {} : null;
        break;
    }
  }
  return root;
}
