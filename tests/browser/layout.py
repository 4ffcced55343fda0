"""Layout checks shared by the browser tests: tidy boxes, vertical Mongolian in the webfont,
and axe-core's accessibility rules."""

from pathlib import Path

# Elements whose content must fit inside them, and which must not overlap one another.
BOXES = (
    ".tile, .chip, .job-card a, .bar a, .keypad button, .facts div, .ask, .qr, .slot, .button,"
    " .slip-image, .print-status, .outlet-card, .policy-card"
)

LAYOUT_PROBLEMS = """(selector) => {
  const problems = [];
  const boxes = [...document.querySelectorAll(selector)].filter(e => e.offsetParent);
  for (const e of boxes) {
    if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
      problems.push('overflows: ' + e.className + ' ' + e.textContent.trim().slice(0, 30));
    // A box laid out in pieces: a card begun in one band of a vertical page and ended in the
    // next (one rectangle per piece; an inline box wrapped over lines is not a box here).
    if (getComputedStyle(e).display !== 'inline' && e.getClientRects().length > 1)
      problems.push('cut across bands: ' + e.className + ' ' + e.textContent.trim().slice(0, 30));
  }
  const rects = boxes.map(e => [e, e.getBoundingClientRect()]);
  for (let i = 0; i < rects.length; i++)
    for (let j = i + 1; j < rects.length; j++) {
      const [a, r] = rects[i], [b, s] = rects[j];
      if (a.contains(b) || b.contains(a)) continue;
      const w = Math.min(r.right, s.right) - Math.max(r.left, s.left);
      const h = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
      if (w > 1 && h > 1) problems.push('overlap: ' + a.textContent.trim().slice(0, 20)
                                        + ' / ' + b.textContent.trim().slice(0, 20));
    }
  return problems;
}"""

FONTS_FOR_NODE = "CSS.getPlatformFontsForNode"


def assert_tidy(page, *, vertical: bool) -> None:
    """Nothing overflows or overlaps, and nothing runs off the right edge: a vertical
    Mongolian page is laid out in bands of short columns (kiosk.css), more bands below."""
    page.wait_for_load_state("load")
    page.evaluate("scrollTo(0, 0)")  # a sticky bar over scrolled content is not an overlap
    problems = page.evaluate(LAYOUT_PROBLEMS, BOXES)
    assert problems == [], problems
    size = page.evaluate(
        "() => { const d = document.documentElement;"
        " return {sw: d.scrollWidth, sh: d.scrollHeight, w: innerWidth, h: innerHeight}; }"
    )
    what = (
        "vertical Mongolian must not scroll sideways" if vertical else "page wider than the screen"
    )
    assert size["sw"] <= size["w"], what


def assert_vertical_mongolian_in_webfont(page, selector: str) -> None:
    """Mongolian text in `selector` runs top to bottom and is drawn with the vendored font."""
    page.wait_for_load_state("load")
    assert page.evaluate("getComputedStyle(document.documentElement).writingMode") == "vertical-lr"
    page.evaluate("document.fonts.ready.then(() => true)")
    box = page.locator(selector).first.bounding_box()
    assert box["height"] > box["width"], "Mongolian heading is not laid out vertically"
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send(FONTS_FOR_NODE, {"nodeId": node})["fonts"]
    mongolian = [f for f in fonts if "Mongolian" in f["familyName"]]
    assert mongolian and mongolian[0]["isCustomFont"], f"not the webfont: {fonts}"


# axe-core (MPL-2.0, vendored for the tests only: tests/browser/vendor). Run through the
# DevTools protocol, which the pages' Content-Security-Policy does not govern, so the pages are
# checked under the policy they really have (no bypass_csp context needed).
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + ": " + v.help + " at "
              + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""


def assert_axe_clean(page, name: str) -> None:
    """No serious or critical violation of axe's rules on the page as it stands."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    violations = page.evaluate(AXE_RUN)
    assert violations == [], f"{name}: {violations}"


# Everything a finger must hit, with what it measures, where smaller than 48 x 48 CSS px.
SMALL_TARGETS = """(least) => [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, label.choice')]
  .filter(e => e.getClientRects().length)
  // A choice chip is tapped anywhere on its label: the label is measured, not its box.
  .filter(e => !(e.matches('input') && e.closest('label.choice')))
  .map(e => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.width < least - 0.5 || r.height < least - 0.5)
  .map(([e, r]) => e.tagName.toLowerCase() + "." + e.className
                   + ` "${e.textContent.trim().slice(0, 20)}" `
                   + `${Math.round(r.width)}x${Math.round(r.height)}`)"""


def assert_touch_targets(page, name: str, least: int = 48) -> None:
    """Every link, button and field is at least `least` CSS pixels each way (issue 14)."""
    small = page.evaluate(SMALL_TARGETS, least)
    assert small == [], f"{name}: {small}"
