// What the theme's own scripts leave out, done on every page view.
//
// Regions that scroll sideways (wide figures, display maths, code) must be reachable from the
// keyboard: each one that is wider than its box right now gets tabindex="0", a role and a name,
// and data-scroll-region (which shows the figure hint and the focus ring in extra.css). Checked
// on every page view and again when the window is resized.
(function () {
  "use strict";

  const SELECTOR = [
    ".md-typeset .figure-scroll",
    ".md-typeset div.arithmatex",
    ".md-typeset pre > code",
    ".md-typeset .jupyter-wrapper .highlight-ipynb",
    ".md-typeset .jupyter-wrapper .jp-OutputArea-output pre",
    ".md-typeset .md-typeset__scrollwrap",
  ].join(", ");

  function name(element) {
    if (element.classList.contains("figure-scroll")) {
      const figure = element.querySelector("svg[aria-label]");
      return "Figure, scrolls sideways: " + (figure ? figure.getAttribute("aria-label") : "");
    }
    if (element.classList.contains("arithmatex")) return "Equation, scrolls sideways";
    return "Code, scrolls sideways";
  }

  // All widths are read first and attributes written after, so the page is laid out once,
  // not once per region.
  function mark(root) {
    const candidates = [...root.querySelectorAll(SELECTOR)]
      .filter((element) => !element.hasAttribute("data-scroll-region"));
    const scrolling = candidates.filter((e) => e.scrollWidth > e.clientWidth + 1);
    scrolling.forEach((element) => {
      element.setAttribute("data-scroll-region", "");
      if (!element.hasAttribute("tabindex")) element.setAttribute("tabindex", "0");
      // A named group, not a region: a page with ten wide equations should not gain ten landmarks.
      if (!element.hasAttribute("role")) element.setAttribute("role", "group");
      if (!element.hasAttribute("aria-label")) element.setAttribute("aria-label", name(element));
    });
  }

  let pending = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => mark(document.body));
  });
  if (typeof document$ !== "undefined") {
    document$.subscribe(({ body }) => mark(body));  // Material's page-view stream
  } else {
    document.addEventListener("DOMContentLoaded", () => mark(document.body));
  }
})();
