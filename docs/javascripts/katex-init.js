// Render the page's math with the vendored KaTeX (docs/assets/katex), on every page view.
// pymdownx.arithmatex (generic mode) wraps math in .arithmatex elements as \(...\) and \[...\];
// notebook pages (mkdocs-jupyter) keep the $...$ and $$...$$ of their Markdown cells.
// Errors are reported on the console (the browser test fails on them) and the source stays visible.
(function () {
  "use strict";

  const options = {
    throwOnError: true,
    output: "htmlAndMathml",
    errorCallback: (message, error) => console.error(message, error),
  };

  const arithmatexDelimiters = [
    { left: "\\(", right: "\\)", display: false },
    { left: "\\[", right: "\\]", display: true },
  ];

  const notebookDelimiters = [
    { left: "$$", right: "$$", display: true },
    { left: "$", right: "$", display: false },
    ...arithmatexDelimiters,
  ];

  function renderMath(root) {
    root.querySelectorAll(".arithmatex").forEach((element) => {
      renderMathInElement(element, { ...options, delimiters: arithmatexDelimiters });
    });
    root.querySelectorAll(".jupyter-wrapper .jp-MarkdownOutput").forEach((element) => {
      renderMathInElement(element, { ...options, delimiters: notebookDelimiters });
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(({ body }) => renderMath(body));  // Material's page-view stream
  } else {
    document.addEventListener("DOMContentLoaded", () => renderMath(document.body));
  }
})();
