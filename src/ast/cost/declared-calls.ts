/**
 * Calls that users declare in rule options as `{ module, name }`: `name` is an export (`"default"` for the
 * default export) or a dotted path below one (`"default.request"`, `"Client"`), matched through the same
 * import resolution as the built-in tables.
 */
import type { ImportRef } from "../syntax/imports.js";
import { normalizeModule } from "../syntax/imports.js";

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/** `true` when `ref` is `module`'s `name`; `default` also matches a namespace or `require()` (CommonJS interop). */
export function matchesDeclared(ref: ImportRef | undefined, module: string, name: string): boolean {
  if (!ref || ref.module !== normalizeModule(module)) return false;
  const segments = name.split(".");
  const path = ref.path;
  if (same(path, segments)) return true;
  if (segments[0] === "default") return same(path, segments.slice(1));
  return path[0] === "default" && same(path.slice(1), segments);
}
