/* Run buttons: edit a page's Python blocks and run them in the browser, with nothing fetched
 * from any other host.
 *
 * The build (hooks/run_on_page.py) wraps every block the browser can run in
 *   <div class="run-block" data-run="ID" [data-run-html] [data-run-draws] [data-run-tail="..."]>
 * holding its shown code and the build's output. This script makes the code editable and adds
 * Run and Reset. The first Run on a page loads Pyodide and chainrule (the site's own copies,
 * under assets/run/) and, where the page or the code draws graphs (chainrule.draw), graphviz and
 * viz.js; nothing loads before.
 * A page's blocks share one namespace, in page order, as in the build: Run on a block first
 * runs the earlier blocks that have not run yet. What a run prints goes to an <output> after the
 * block, an SVG figure for figure blocks, or the traceback; the build's output stays until then.
 * Keyboard: Ctrl/Cmd+Enter runs, Tab indents, Escape then Tab leaves the editor.
 */
(() => {
  "use strict";
  const root = new URL("..", document.currentScript.src); // the site, from javascripts/run.js
  const assets = new URL("assets/run/", root);
  const INDENT = "    ";
  let python = null; // Promise of {pyodide, runBlock}, made on the first Run
  let viz = null; // Promise resolved once graphvizSvg(dot) works
  const DRAWS = /\b(chainrule\.draw|graphviz)\b/; // code that needs Graphviz

  function loadPython(say) {
    python ??= (async () => {
      say("Loading Python (about 13 MB, only once)…", 1);
      const runner = fetch(new URL("javascripts/run.py", root)).then((response) => response.text());
      const { loadPyodide } = await import(new URL("pyodide.mjs", assets).href);
      const pyodide = await loadPyodide({
        indexURL: assets.href, lockFileURL: new URL("pyodide-lock.json", assets).href,
      });
      say("Loading chainrule…", 2);
      await pyodide.loadPackage("chainrule", { messageCallback: () => {} });
      pyodide.runPython(await runner, { filename: "run.py" });
      return { pyodide, runBlock: pyodide.globals.get("run_block") };
    })();
    python.catch(() => { python = null; });
    return python;
  }

  function loadViz() {
    viz ??= new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL("viz-global.js", assets).href;
      script.onload = () => globalThis.Viz.instance().then((instance) => {
        globalThis.graphvizSvg = (dot) => instance.renderString(dot, { format: "svg" });
      }).then(resolve, reject);
      script.onerror = () => reject(new Error("viz.js did not load"));
      document.head.appendChild(script);
    });
    viz.catch(() => { viz = null; });
    return viz;
  }

  function button(label, action, kind = "") {
    const element = document.createElement("button");
    element.type = "button";
    element.className = `md-button run-button ${kind}`.trim();
    element.textContent = label;
    element.addEventListener("click", action);
    return element;
  }

  function codeOf(block) {
    const text = block.code.textContent.replace(/\n?$/, "\n");
    return block.tail ? text + block.tail : text;
  }

  function show(block, text, ok) {
    block.built.forEach((element) => element.classList.add("run-replaced")); // SVG has no .hidden
    block.output.hidden = false;
    block.output.className = ok ? "run-output" : "run-output run-error";
    if (ok && block.html && text) {
      block.output.innerHTML = text;
    } else if (text) {
      const pre = document.createElement("pre");
      pre.textContent = text;
      block.output.replaceChildren(pre);
    } else {
      block.output.innerHTML = '<p class="run-empty">It printed nothing.</p>';
    }
  }

  function run(page, block) { // one run at a time per page, in the order pressed
    page.queue = page.queue.then(() => runNow(page, block));
    return page.queue;
  }

  async function runNow(page, block) {
    const progress = block.bar.querySelector("progress");
    const say = (text, step) => {
      block.status.textContent = text;
      progress.hidden = step === undefined;
      if (step !== undefined) progress.value = step;
    };
    block.runButton.disabled = true;
    try {
      const pending = page.blocks.slice(0, page.blocks.indexOf(block) + 1)
        .filter((earlier) => !earlier.ran || earlier === block);
      const draws = page.draws || pending.some((earlier) => DRAWS.test(codeOf(earlier)));
      const drawing = draws ? loadViz() : null; // in parallel with Python
      const { pyodide, runBlock } = await loadPython(say);
      if (draws) {
        say("Loading Graphviz…", 3);
        await Promise.all([drawing, pyodide.loadPackage("graphviz", { messageCallback: () => {} })]);
      }
      say("Running…");
      await new Promise((resolve) => setTimeout(resolve, 0)); // let the status paint
      page.namespace ??= pyodide.runPython('{"__name__": "__main__"}');
      const started = performance.now();
      for (const earlier of pending) {
        const result = runBlock(codeOf(earlier), `<block ${earlier.id}>`, page.namespace);
        const [text, ok] = result.toJs();
        result.destroy();
        earlier.ran = true;
        earlier.resetButton.disabled = false;
        show(earlier, text, ok);
        if (!ok && earlier !== block) {
          say(`Stopped: block ${earlier.id} above failed (its Reset restores it).`);
          return;
        }
      }
      say(`Ran in ${Math.round(performance.now() - started)} ms.`);
    } catch (error) {
      say(`Could not run: ${error.message}`);
    } finally {
      block.runButton.disabled = false;
    }
  }

  function reset(block) {
    block.code.innerHTML = block.original;
    block.output.hidden = true;
    block.output.replaceChildren();
    block.built.forEach((element) => element.classList.remove("run-replaced"));
    block.ran = false;
    block.resetButton.disabled = true;
    block.status.textContent = "Restored the original code and output.";
  }

  function editor(page, block) {
    const code = block.code;
    let leaving = false;
    code.contentEditable = "plaintext-only";
    code.spellcheck = false;
    code.setAttribute("role", "textbox");
    code.setAttribute("aria-multiline", "true");
    code.setAttribute("aria-label", `Code of block ${block.id}: Ctrl+Enter runs, `
      + "Tab indents, Escape then Tab leaves");
    code.addEventListener("input", () => { block.resetButton.disabled = false; });
    code.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        run(page, block);
      } else if (event.key === "Tab" && !event.shiftKey && !leaving) {
        event.preventDefault();
        document.execCommand("insertText", false, INDENT);
      }
      leaving = event.key === "Escape";
    });
  }

  function setUp(page, wrapper) {
    const source = wrapper.firstElementChild;
    const block = {
      id: wrapper.dataset.run, code: source.querySelector("code"), ran: false,
      html: wrapper.hasAttribute("data-run-html"), tail: wrapper.dataset.runTail || "",
      built: [...wrapper.children].slice(1), output: document.createElement("output"),
    };
    block.original = block.code.innerHTML;
    block.bar = document.createElement("div");
    block.bar.className = "run-bar";
    block.runButton = button("Run", () => run(page, block), "md-button--primary");
    block.resetButton = button("Reset", () => reset(block));
    block.resetButton.disabled = true;
    const progress = document.createElement("progress");
    progress.max = 4;
    progress.hidden = true;
    progress.setAttribute("aria-label", "Loading Python");
    block.status = document.createElement("span");
    block.status.className = "run-status";
    block.status.setAttribute("role", "status");
    block.bar.append(block.runButton, block.resetButton, progress, block.status);
    source.after(block.bar);
    block.output.className = "run-output";
    block.output.hidden = true;
    block.output.setAttribute("aria-label", `Output of block ${block.id}`);
    wrapper.append(block.output);
    editor(page, block);
    return block;
  }

  function setUpPage() {
    const wrappers = [...document.querySelectorAll(".run-block[data-run]")];
    const page = { blocks: [], namespace: null, queue: Promise.resolve(),
                   draws: wrappers.some((w) => w.hasAttribute("data-run-draws")) };
    page.blocks = wrappers.map((wrapper) => setUp(page, wrapper));
  }

  if (window.document$) window.document$.subscribe(setUpPage); // Material, instant navigation too
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpPage);
  else setUpPage();
})();
