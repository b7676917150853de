// Render a batch of TeX with the pinned KaTeX (node_modules/katex) for hooks/katex_maths.py.
// stdin: a JSON array of [tex, displayMode]; stdout: a JSON array of HTML strings, in order.
// A TeX error is printed on stderr with the formula and the exit code is 1.
"use strict";
const path = require("path");
const katex = require(path.join(__dirname, "..", "node_modules", "katex"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const rendered = [];
  for (const [tex, displayMode] of JSON.parse(input)) {
    try {
      rendered.push(katex.renderToString(tex, { displayMode, throwOnError: true,
                                                output: "htmlAndMathml" }));
    } catch (error) {
      process.stderr.write(`KaTeX cannot render ${JSON.stringify(tex)}: ${error.message}\n`);
      process.exit(1);
    }
  }
  process.stdout.write(JSON.stringify(rendered));
});
