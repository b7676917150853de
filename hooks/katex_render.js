// Render a batch of TeX to MathML with the pinned KaTeX (node_modules/katex) for hooks/katex_maths.py.
// stdin: a JSON array of [tex, displayMode]; stdout: a JSON array of HTML strings, in order.
// A TeX error, or a letter style MathML Core cannot show, is printed on stderr with the formula
// and the exit code is 1.
//
// MathML only (KaTeX's `output: "mathml"`): browsers draw it natively with the system's maths
// font, so a page needs no KaTeX stylesheet or fonts and holds a few nodes per formula instead of
// KaTeX's dozens of positioned spans. MathML Core (Chromium, Firefox, Safari) ignores
// `mathvariant` other than "normal" and a table's `columnalign` and `columnspacing`, so styled
// letters (\mathcal, \mathbf) are written as the Unicode mathematical letters they stand for,
// and the cells of aligned equations get their alignment and spacing as inline CSS.
"use strict";
const path = require("path");
const katex = require(path.join(__dirname, "..", "node_modules", "katex"));

// First code point of A-Z, a-z per style, and the letters Unicode encodes elsewhere.
const STYLES = {
  script: { upper: 0x1d49c, lower: 0x1d4b6, holes: { B: 0x212c, E: 0x2130, F: 0x2131,
    H: 0x210b, I: 0x2110, L: 0x2112, M: 0x2133, R: 0x211b, e: 0x212f, g: 0x210a, o: 0x2134 } },
  bold: { upper: 0x1d400, lower: 0x1d41a, holes: {} },
};
const STYLED = /<mi mathvariant="([a-z-]+)">([^<]*)<\/mi>/g;

function letter(style, character) {
  if (style.holes[character]) return String.fromCodePoint(style.holes[character]);
  if (/[A-Z]/.test(character)) return String.fromCodePoint(style.upper + character.charCodeAt(0) - 65);
  if (/[a-z]/.test(character)) return String.fromCodePoint(style.lower + character.charCodeAt(0) - 97);
  throw new Error(`no ${JSON.stringify(character)} in this letter style`);
}

function unicodeLetters(mathml) {
  return mathml.replace(STYLED, (whole, variant, text) => {
    if (variant === "normal") return whole; // MathML Core keeps this one
    const style = STYLES[variant];
    if (!style) throw new Error(`the letter style ${variant} has no Unicode form here`
                                + ` (use \\mathcal, \\mathbf or \\mathrm)`);
    return `<mi>${[...text].map((c) => letter(style, c)).join("")}</mi>`;
  });
}

function listed(values, index) { // MathML's lists repeat their last value
  return values.length ? values[Math.min(index, values.length - 1)] : null;
}

function alignColumns(mathml) {
  const tables = []; // the open <mtable>s: their alignments, spacings and the current column
  return mathml.replace(/<(\/?)(mtable|mtr|mtd)\b([^>]*)>/g, (tag, close, name, attributes) => {
    if (name === "mtable") {
      if (close) tables.pop();
      else tables.push({
        align: (/columnalign="([^"]*)"/.exec(attributes) || [, ""])[1].split(" ").filter(Boolean),
        spacing: (/columnspacing="([^"]*)"/.exec(attributes) || [, ""])[1].split(" ").filter(Boolean),
        column: 0,
      });
      return tag;
    }
    const table = tables[tables.length - 1];
    if (!table || close) return tag;
    if (name === "mtr") { table.column = 0; return tag; }
    const column = table.column++;
    const style = [];
    const align = listed(table.align, column);
    if (align) style.push(`text-align:${align}`);
    const space = column > 0 ? listed(table.spacing, column - 1) : "0em";
    if (space) style.push(`padding-left:${space}`, "padding-right:0");
    return style.length ? `<mtd${attributes} style="${style.join(";")}">` : tag;
  });
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const rendered = [];
  for (const [tex, displayMode] of JSON.parse(input)) {
    try {
      const mathml = katex.renderToString(tex, { displayMode, throwOnError: true, output: "mathml" });
      rendered.push(alignColumns(unicodeLetters(mathml)));
    } catch (error) {
      process.stderr.write(`KaTeX cannot render ${JSON.stringify(tex)}: ${error.message}\n`);
      process.exit(1);
    }
  }
  process.stdout.write(JSON.stringify(rendered));
});
