"""Layout checks shared by the browser tests: tidy boxes, vertical Mongolian in the webfont."""

# Elements whose content must fit inside them, and which must not overlap one another.
BOXES = (
    ".tile, .chip, .job-card a, .bar a, .keypad button, .facts div, .ask, .qr, .slot, .button,"
    " .slip-image, .print-status"
)

LAYOUT_PROBLEMS = """(selector) => {
  const problems = [];
  const boxes = [...document.querySelectorAll(selector)].filter(e => e.offsetParent);
  for (const e of boxes) {
    if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
      problems.push('overflows: ' + e.className + ' ' + e.textContent.trim().slice(0, 30));
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
    """Nothing overflows or overlaps, and the page scrolls only the way its script reads."""
    page.wait_for_load_state("load")
    page.evaluate("scrollTo(0, 0)")  # a sticky bar over scrolled content is not an overlap
    problems = page.evaluate(LAYOUT_PROBLEMS, BOXES)
    assert problems == [], problems
    size = page.evaluate(
        "() => { const d = document.documentElement;"
        " return {sw: d.scrollWidth, sh: d.scrollHeight, w: innerWidth, h: innerHeight}; }"
    )
    if vertical:
        assert size["sh"] <= size["h"], "vertical Mongolian must scroll sideways, not down"
    else:
        assert size["sw"] <= size["w"], "horizontal page wider than the screen"


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
