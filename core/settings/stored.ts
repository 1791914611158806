import type { z } from 'zod';

/**
 * One stored setting read through its schema (stored JSON is an edge too), for the compound
 * catalog and the area catalog alike. Undefined when it is not stored, or stored in a shape its
 * schema refuses: a corrupt value falls back to the default rather than breaking every command.
 */
export function readStored<S extends Record<string, z.ZodType>, K extends keyof S & string>(
  schemas: S,
  stored: ReadonlyMap<string, string>,
  key: K,
): z.infer<S[K]> | undefined {
  const raw = stored.get(key);
  const schema = schemas[key];
  if (raw === undefined || schema === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? (parsed.data as z.infer<S[K]>) : undefined;
  } catch {
    return undefined;
  }
}
