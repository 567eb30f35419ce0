/**
 * Type information, when the host has it. Rules never require parser services: ESLint's default parser,
 * typescript-eslint without a project, and hosts such as oxlint's JS plugins give none, and
 * `ESLintUtils.getParserServices` throws there. Every rule reads types through this one accessor.
 */
import type { TSESLint } from "@typescript-eslint/utils";
import type { ParserServicesWithTypeInformation } from "@typescript-eslint/utils";

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** The parser services with a TypeScript program, or `undefined` when the file was parsed without one. */
export function getTypeServices(context: AnyContext): ParserServicesWithTypeInformation | undefined {
  let services: Partial<ParserServicesWithTypeInformation> | undefined;
  try {
    services = (context.sourceCode as { parserServices?: Partial<ParserServicesWithTypeInformation> }).parserServices;
  } catch {
    return undefined;
  }
  if (!services?.program || !services.esTreeNodeToTSNodeMap || typeof services.getTypeAtLocation !== "function") return undefined;
  return services as ParserServicesWithTypeInformation;
}
