#!/usr/bin/env node
/** `concurrency-codemod [paths…]`: the command-line face of `runCodemod`. */
import { parseArgs } from "node:util";
import { readOwnPackage } from "../util/package-info.js";
import { colourDiff } from "./diff.js";
import { CodemodUsageError, type CodemodOptions, parseShard } from "./options.js";
import { runCodemod } from "./run.js";
import { createProgress, formatSummary } from "./summary.js";

const HELP = `Usage: concurrency-codemod [options] [paths...]

Finds the concurrency and resource anti-patterns of eslint-plugin-concurrency and applies the rules' fixes.
Paths are files, folders or globs; without them, the files of the tsconfig (--project, default the nearest
tsconfig.json) and the JavaScript files next to it. node_modules, build output and .gitignored files are
never touched.

Options:
  -p, --project <tsconfig>  tsconfig for discovery, type information and verification
      --include <glob>      only files matching this glob (repeatable)
      --exclude <glob>      skip files matching this glob (repeatable)
      --shard <i/n>         only the i-th of n disjoint shares of the files (split a run over n CI jobs)
      --rules <a,b>         rules to run (default: every rule with a fix)
      --concurrency <n>     bound that fixes give the limiters they create
      --limiter <name>      p-limit | p-map | <module> | <module>#<export>
      --timeout-ms <n>      timeout that fixes add (total, or to the response headers)
      --connect-timeout-ms <n>  connect or acquire timeout that fixes add (got, pg pools)
      --dry-run             change nothing; print a unified diff per file
      --check               change nothing; exit 2 when something would change
      --force               write even when the git tree has uncommitted changes
      --add-dependency      add modules that fixes import (p-limit) to the nearest package.json
      --annotate            mark unfixed findings with a "// concurrency-codemod: <rule>: <reason>" comment
      --json <file>         write a JSON report of every finding
      --sarif <file>        write a SARIF 2.1.0 report of every finding
      --no-types            do not use type information
      --no-verify           do not type-check changed files (they must still parse)
      --no-color            no colours in diffs
  -h, --help                show this help
  -v, --version             show the version

Exit codes: 0 ok; 1 a file could not be parsed, was rolled back or failed, or the run was refused;
2 with --check when something would change.
`;

function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new CodemodUsageError(`${name} needs a positive integer, got "${value}".`);
  return number;
}

export function parseCli(argv: readonly string[]): CodemodOptions & { help?: boolean; version?: boolean; color?: boolean } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    allowNegative: true,
    options: {
      project: { type: "string", short: "p" },
      include: { type: "string", multiple: true },
      exclude: { type: "string", multiple: true },
      shard: { type: "string" },
      rules: { type: "string" },
      concurrency: { type: "string" },
      limiter: { type: "string" },
      "timeout-ms": { type: "string" },
      "connect-timeout-ms": { type: "string" },
      "dry-run": { type: "boolean" },
      check: { type: "boolean" },
      force: { type: "boolean" },
      "add-dependency": { type: "boolean" },
      annotate: { type: "boolean" },
      json: { type: "string" },
      sarif: { type: "string" },
      types: { type: "boolean", default: true },
      verify: { type: "boolean", default: true },
      color: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
  return {
    paths: positionals,
    project: values.project,
    include: values.include,
    exclude: values.exclude,
    shard: values.shard === undefined ? undefined : parseShard(values.shard),
    rules: values.rules
      ?.split(",")
      .map((id) => id.trim().replace(/^concurrency\//u, ""))
      .filter(Boolean),
    concurrency: positiveInteger("--concurrency", values.concurrency),
    limiter: values.limiter,
    timeoutMs: positiveInteger("--timeout-ms", values["timeout-ms"]),
    connectTimeoutMs: positiveInteger("--connect-timeout-ms", values["connect-timeout-ms"]),
    dryRun: values["dry-run"],
    check: values.check,
    force: values.force,
    addDependency: values["add-dependency"],
    annotate: values.annotate,
    json: values.json,
    sarif: values.sarif,
    types: values.types,
    verify: values.verify,
    color: values.color,
    help: values.help,
    version: values.version,
  };
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`concurrency-codemod: ${(error as Error).message}\nRun with --help for usage.\n`);
    return 1;
  }
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (options.version) {
    process.stdout.write(`${readOwnPackage().version}\n`);
    return 0;
  }
  const colour = options.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR);
  const progress = createProgress(process.stderr);
  try {
    const result = await runCodemod({ ...options, onProgress: progress.update });
    progress.done();
    if (result.mode === "dry-run") {
      for (const file of result.files) if (file.status === "changed") process.stdout.write(colour ? colourDiff(file.diff) : file.diff);
    }
    process.stderr.write(formatSummary(result));
    return result.exitCode;
  } catch (error) {
    progress.done();
    if (error instanceof CodemodUsageError) process.stderr.write(`concurrency-codemod: ${error.message}\n`);
    else process.stderr.write(`concurrency-codemod: fatal error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
