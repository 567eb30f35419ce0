/** What a function does with the resource it is given (`src/project/parameter-uses.ts`), read from its module's summary. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moduleSummary } from "../../src/project/modules.js";
import { type TempTree, tempTree } from "../support/temp-tree.js";

let tree: TempTree;

beforeAll(() => {
  tree = tempTree("concurrency-params-");
  tree.write(
    "helpers.js",
    [
      "export async function list(client, id) { const r = await client.query('select 1', [id]); return r.rows; }",
      "export async function finish(client) { client.release(); }",
      "export async function finishLater(client) { try { await client.query('commit'); } finally { client.release(); } }",
      "export async function maybe(client, ok) { if (ok) client.release(); }",
      "export async function keep(client) { cache.push(client); }",
      "export async function pass(client) { return other(client); }",
      "export async function later(client) { setTimeout(() => client.release(), 10); }",
      "export async function shadow(client) { const c = client; return c.query('x'); }",
      "export async function pattern({ client }) { client.release(); }",
      "",
    ].join("\n"),
  );
});
afterAll(() => tree.remove());

describe("parameterUses", () => {
  it.each([
    ["list", ["uses", "unknown"]],
    ["finish", ["releases"]],
    ["finishLater", ["releases"]],
    ["maybe", ["unknown", "unknown"]],
    ["keep", ["unknown"]],
    ["pass", ["unknown"]],
    ["later", ["unknown"]],
    ["shadow", ["unknown"]],
    ["pattern", ["unknown"]],
  ])("%s: %j", (name, expected) => {
    const shape = moduleSummary(tree.file("helpers.js"))!.exports.get(name);
    expect(shape?.kind === "function" ? shape.params : undefined).toEqual(expected);
  });
});
