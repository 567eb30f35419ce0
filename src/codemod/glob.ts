/** Small glob matching for paths, `--include` and `--exclude`: `*`, `**`, `?`, `[…]`, `{a,b}`. */

export function hasGlobSyntax(pattern: string): boolean {
  return /[*?[\]{}]/u.test(pattern);
}

/** The folder part of a glob before its first glob character (`src/**\/*.ts` → `src`). */
export function globBase(pattern: string): string {
  const parts = pattern.split("/");
  const fixed: string[] = [];
  for (const part of parts) {
    if (hasGlobSyntax(part)) break;
    fixed.push(part);
  }
  if (fixed.length === parts.length) fixed.pop();
  return fixed.join("/") || ".";
}

/**
 * A regular expression for a glob over `/`-separated relative paths. A pattern without a `/` matches a
 * file name at any depth (`*.test.ts`), as in `.gitignore`; a folder pattern also matches what is under it.
 */
export function globToRegExp(pattern: string): RegExp {
  let glob = pattern.replace(/^\.\//u, "");
  if (!glob.includes("/")) glob = `**/${glob}`;
  let source = "";
  let braces = 0;
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index]!;
    if (char === "*") {
      if (glob[index + 1] === "*") {
        const slashAfter = glob[index + 2] === "/";
        source += slashAfter ? "(?:.*/)?" : ".*";
        index += slashAfter ? 2 : 1;
      } else {
        source += "[^/]*";
      }
    } else if (char === "?") {
      source += "[^/]";
    } else if (char === "[") {
      const close = glob.indexOf("]", index + 1);
      if (close === -1) {
        source += "\\[";
      } else {
        const body = glob.slice(index + 1, close).replace(/^!/u, "^").replace(/\\/gu, "\\\\");
        source += `[${body}]`;
        index = close;
      }
    } else if (char === "{") {
      braces++;
      source += "(?:";
    } else if (char === "}" && braces > 0) {
      braces--;
      source += ")";
    } else if (char === "," && braces > 0) {
      source += "|";
    } else {
      source += char.replace(/[.+^$()|\\]/gu, "\\$&");
    }
  }
  return new RegExp(`^${source}(?:/.*)?$`, "u");
}

export function matchesAny(relativePath: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((pattern) => pattern.test(relativePath));
}
