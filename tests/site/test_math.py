"""Maths is rendered when the site is built (hooks/katex_maths.py), not in the reader's browser.

In the built HTML: no page loads a maths script or KaTeX's stylesheet and fonts, every arithmatex
element holds MathML only (no KaTeX HTML layout: the browser draws MathML itself), styled letters
are Unicode letters (MathML Core ignores ``mathvariant``), and no workbook Markdown keeps a raw
``$...$``. The browser test
(test_browser.py) checks the same pages as displayed: no unrendered element, no raw delimiter.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.site.builds import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import katex_maths


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_loads_a_maths_script(site: Path) -> None:
    loaders = [f"{page.relative_to(site)}: {script['src']}" for page in pages(site)
               for script in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
               .find_all("script", src=True) if re.search(r"katex|mathjax|auto-render",
                                                            script["src"], re.IGNORECASE)]
    assert not loaders, loaders


def test_no_page_loads_katex_styles_or_fonts(site: Path) -> None:
    links = [f"{page.relative_to(site)}: {link['href']}" for page in pages(site)
             for link in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
             .find_all("link", href=True) if "katex" in link["href"].lower()]
    assert not links, links[:5]
    assert not list(site.rglob("KaTeX_*")) and not (site / "assets" / "katex").exists()


def test_every_formula_is_mathml_only(site: Path) -> None:
    unrendered, rendered, display = [], 0, 0
    for page in pages(site):
        document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in document.select(".arithmatex"):
            math = element.select(".katex > math annotation[encoding='application/x-tex']")
            if math and not element.select(".katex-html, [mathvariant]:not([mathvariant=normal])"):
                rendered += 1
                display += element.name == "div" and bool(element.select("math[display=block]"))
            else:
                unrendered.append(f"{page.relative_to(site)}: {element.get_text()[:60]}")
    assert not unrendered, unrendered[:10]
    assert rendered > 1000 and display > 40, (rendered, display)


def test_no_line_can_start_with_the_punctuation_after_a_formula(site: Path) -> None:
    loose, kept = [], 0
    for page in pages(site):
        text = page.read_text(encoding="utf-8")
        kept += text.count('<span class="math-nowrap">')
        loose += [f"{page.relative_to(site)}: {m.group(0)[-80:]}"
                  for m in re.finditer(r'(?<!<span class="math-nowrap">)<span class="arithmatex">'
                                       r'<span class="katex"><math(?![^>]*display="block")'
                                       r'(?:(?!</math>).)*</math></span></span>[,.;:!?)]', text,
                                       re.DOTALL)]
    assert kept > 300
    assert not loose, f"{len(loose)} formulas whose punctuation may wrap:\n" + "\n".join(loose[:5])


def test_only_the_punctuation_right_after_a_formula_joins_it() -> None:
    formula = '<span class="arithmatex"><span class="katex"><math><mi>{}</mi></math></span></span>'
    block = formula.replace("<math>", '<math display="block">').format("D")
    text = formula.format("a") + " and " + formula.format("b") + "), then " + block + "."
    assert katex_maths.keep_punctuation(text) == (
        formula.format("a") + ' and <span class="math-nowrap">' + formula.format("b") + "),</span>"
        " then " + block + ".")


def test_workbook_markdown_keeps_no_dollars(site: Path) -> None:
    raw = []
    for page in sorted((site / "workbooks").rglob("index.html")):
        document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        markdown = document.select(".jp-MarkdownOutput")
        assert markdown, page
        assert document.select(".jp-MarkdownOutput .arithmatex .katex"), page
        for cell in markdown:
            for hidden in cell.select("code, pre, .katex"):
                hidden.decompose()
            if "$" in cell.get_text():
                raw.append(f"{page.relative_to(site)}: {cell.get_text()[:80]}")
    assert not raw, raw


def test_the_renderer_handles_both_forms_and_names_a_bad_formula() -> None:
    html = katex_maths.render_arithmatex('<span class="arithmatex">\\(x &lt; 1\\)</span>')
    assert 'class="katex"' in html and "<mo>&lt;</mo>" in html and "katex-html" not in html
    text = katex_maths.render_dollars('<p>$a$ costs 5$ <code>$b$</code></p><p>$$c$$</p>')
    assert text.count('class="katex"') == 2 and text.count('display="block"') == 1
    assert "<code>$b$</code>" in text and "costs 5$" in text
    with pytest.raises(katex_maths.MathError, match=r"\\frac\{"):
        katex_maths.render([("\\frac{", False)])


def test_styled_letters_become_unicode_letters() -> None:
    loss, weights = katex_maths.render([("\\mathcal{L} + \\mathcal{A}", False),
                                        ("\\mathbf{W}", False)])
    assert "<mi>\u2112</mi>" in loss and "<mi>\U0001d49c</mi>" in loss  # script L, A
    assert "<mi>\U0001d416</mi>" in weights and "mathvariant" not in loss + weights
    with pytest.raises(katex_maths.MathError, match=r"\\mathfrak\{g\}.*fraktur"):
        katex_maths.render([("\\mathfrak{g}", False)])
