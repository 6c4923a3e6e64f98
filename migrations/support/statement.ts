/**
 * The indentation a statement's lines had where its migration wrote it as a
 * template literal: 12 spaces in a method body, 16 inside a loop. The
 * whitespace was executed with the rest of the statement (changing a helper
 * changes landed migrations: see index.ts), so a helper takes its call site's.
 */
export type Indent = 12 | 16;

/**
 * A statement laid out as the migrations write one: a new line, each line
 * indented by `indent` (inner lines carry their own extra indentation), and a
 * last line indented four spaces less, where the template literal closed.
 */
export function statement(indent: Indent, ...lines: string[]): string {
  const pad = ' '.repeat(indent);
  return `\n${lines.map((line) => pad + line).join('\n')}\n${' '.repeat(indent - 4)}`;
}
