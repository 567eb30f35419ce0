/** Reads `fixtures/<id>/` cases: used by the fixture tests and the codemod parity test. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./helpers.js";

export interface FixtureCase {
  rule: string;
  name: string;
  inputPath: string;
  input: string;
  /** Expected text after fixing; equals `input` when the case has no output file. */
  output: string;
  hasOutput: boolean;
  options: unknown[];
}

export const FIXTURES_DIR = path.join(ROOT, "fixtures");

/** Whole apps under fixtures/, not rule folders: the demo's sample app and the load proof's app. */
const APPS = new Set(["sample-app", "load-app"]);

export function fixtureRules(): string[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !APPS.has(entry.name))
    .map((entry) => entry.name)
    .sort();
}

export function invalidCases(rule: string): FixtureCase[] {
  const dir = path.join(FIXTURES_DIR, rule);
  return readdirSync(dir)
    .filter((file) => /\.input\.[cm]?[jt]sx?$/u.test(file))
    .sort()
    .map((file) => {
      const [name, ext] = file.split(".input");
      const inputPath = path.join(dir, file);
      const outputPath = path.join(dir, `${name}.output${ext}`);
      const optionsPath = path.join(dir, `${name}.options.json`);
      const input = readFileSync(inputPath, "utf8");
      const hasOutput = existsSync(outputPath);
      return {
        rule,
        name: name!,
        inputPath,
        input,
        output: hasOutput ? readFileSync(outputPath, "utf8") : input,
        hasOutput,
        options: existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, "utf8")) as unknown[]) : [],
      };
    });
}

export function validFiles(rule: string): { path: string; code: string }[] {
  const dir = path.join(FIXTURES_DIR, rule, "valid");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => /\.[cm]?[jt]sx?$/u.test(file))
    .sort()
    .map((file) => ({ path: path.join(dir, file), code: readFileSync(path.join(dir, file), "utf8") }));
}
