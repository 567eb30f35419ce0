/**
 * Where an import of one module of the project leads: a maintained resolver (oxc-resolver, as
 * eslint-plugin-import-x uses), with Node's rules for relative paths, package `exports`/`imports`,
 * workspaces through `node_modules` links, tsconfig `paths` (found from each file) and TypeScript's
 * `.js`-for-`.ts` extension alias. Only the project's own source files are followed: a module that
 * resolves into `node_modules`, or does not resolve, is `undefined` ("unknown"), never a throw.
 */
import { createRequire } from "node:module";
import path from "node:path";

/** The resolver interface the project model asks (one implementation here; tests may pass their own). */
export interface ModuleResolver {
  /** The absolute path of the project source file that `request` names from `fromFile`, or `undefined`. */
  resolve(fromFile: string, request: string): string | undefined;
}

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
const SOURCE = /\.(?:[cm]?[jt]sx?)$/u;
const DECLARATION = /\.d\.[cm]?ts$/u;
const DEPENDENCY = /[\\/]node_modules[\\/]/u;

interface OxcResolver {
  resolveFileSync(file: string, request: string): { path?: string; error?: string };
}

let factory: OxcResolver | null | undefined;

function oxcResolver(): OxcResolver | null {
  if (factory !== undefined) return factory;
  try {
    const { ResolverFactory } = createRequire(import.meta.url)("oxc-resolver") as { ResolverFactory: new (options: object) => OxcResolver };
    factory = new ResolverFactory({
      extensions: EXTENSIONS,
      extensionAlias: { ".js": [".ts", ".tsx", ".js", ".jsx"], ".mjs": [".mts", ".mjs"], ".cjs": [".cts", ".cjs"] },
      conditionNames: ["node", "import", "require", "default"],
      mainFields: ["module", "main"],
      tsconfig: "auto",
    });
  } catch {
    // The native binding is missing on this platform: every import is "unknown".
    factory = null;
  }
  return factory;
}

/** The default resolver: project source files only, cached per (folder, request). */
export function createResolver(): ModuleResolver {
  const cache = new Map<string, string | undefined>();
  return {
    resolve(fromFile, request) {
      if (request.startsWith("node:") || request.startsWith("data:")) return undefined;
      // Resolution depends on the folder (and the tsconfig found from it), not on the file.
      const key = `${path.dirname(fromFile)}\0${request}`;
      if (cache.has(key)) return cache.get(key);
      let resolved: string | undefined;
      try {
        const result = oxcResolver()?.resolveFileSync(fromFile, request);
        const file = result?.path;
        if (file && SOURCE.test(file) && !DECLARATION.test(file) && !DEPENDENCY.test(file)) resolved = file;
      } catch {
        resolved = undefined;
      }
      if (cache.size > 50_000) cache.clear();
      cache.set(key, resolved);
      return resolved;
    },
  };
}
