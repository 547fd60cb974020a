"""Checks every page must pass in Chromium: no horizontal scroll on a phone
(390 px, and 360 and 430 px, the ends of the issue's range),
no missing-glyph boxes, no untranslated English in the Chinese UI, no serious
or critical axe-core violation, nothing the Content-Security-Policy refused
(an inline script or style it blocks breaks the page silently). Screenshots
go to SCREENSHOT_DIR."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = Path(os.environ.get("DUBAN_SCREENSHOTS", ROOT / "var" / "screenshots"))
SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
# The range of phone widths, 360–430 px: every phone page is also
# checked at both ends, for horizontal overflow only (no screenshot, no axe:
# two viewport changes and one script each, well under a second a page).
NARROWEST = {"width": 360, "height": 740}
WIDEST_PHONE = {"width": 430, "height": 932}

# Latin words allowed in the Chinese UI: names of formats and standards, the
# language menu, and the product's name.
ALLOWED_LATIN = {
    "sha", "csv", "excel", "pdf", "docx", "xlsx", "txt", "html", "jpg", "jpeg", "png",
    "api", "english", "duban", "ip", "utf", "gb", "wps", "ok", "url",
    "doc", "xls", "ppt", "pptx", "zip", "ofd", "bmp", "gif", "tif", "tiff",
    "json", "yaml", "openapi",  # the API docs' download links
    "icp",  # 备案号 in the site chrome of a scraped report's text
}  # fmt: skip

# Text the user typed or the system names (accounts, file names) is marked
# translate="no" in the templates and is not UI language.
_UI_TEXT_SCRIPT = """
() => {
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll('[translate="no"], script, style, noscript, option').forEach(el => el.remove());
  return clone.textContent;
}
"""

# Draw each character and compare it with the "missing glyph" box a font
# draws for a code point nobody has (a private-use one).
_GLYPH_SCRIPT = """
() => {
  const text = document.body.innerText;
  const chars = Array.from(new Set(Array.from(text))).filter(c => c.trim() && c.codePointAt(0) > 0x2000);
  const font = getComputedStyle(document.body).fontFamily;
  const canvas = document.createElement("canvas");
  canvas.width = 40; canvas.height = 40;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  ctx.font = "28px " + font;
  ctx.textBaseline = "top";
  const draw = (c) => {
    ctx.clearRect(0, 0, 40, 40);
    ctx.fillText(c, 4, 4);
    return ctx.getImageData(0, 0, 40, 40).data.join(",");
  };
  const tofu = [draw("\\uE83A"), draw("\\uF8FF"), draw("\\u{10FFFD}")];
  return chars.filter(c => tofu.includes(draw(c)));
}
"""

_OVERFLOW_SCRIPT = """
() => {
  const doc = document.documentElement;
  const wide = [];
  if (doc.scrollWidth > doc.clientWidth) {
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.right > doc.clientWidth + 1 && getComputedStyle(el).position !== "absolute") {
        let p = el.parentElement, clipped = false;
        while (p) { const o = getComputedStyle(p).overflowX; if (o === "auto" || o === "scroll" || o === "hidden") { clipped = true; break; } p = p.parentElement; }
        if (!clipped) wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : "") + " " + Math.round(r.right));
      }
      if (wide.length > 5) break;
    }
  }
  return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide: wide};
}
"""


_CHART_TEXT_SCRIPT = """
() => Array.from(document.querySelectorAll("svg.chart text")).map(el => {
  const m = el.getScreenCTM();
  const px = parseFloat(getComputedStyle(el).fontSize) * Math.sqrt(m.a * m.a + m.b * m.b);
  return [el.textContent, Math.round(px * 10) / 10];
}).filter(([, px]) => px < 12)
"""


def latin_words(text: str) -> list[str]:
    """Words of Latin letters in visible text that are not on the allowed list."""
    # File names and addresses are data, not UI strings.
    text = re.sub(r"\S+\.(pdf|jpe?g|png|docx?|xlsx?|txt|html?|csv|zip)\b", " ", text, flags=re.I)
    text = re.sub(r"https?://\S+|\S+@\S+", " ", text)
    text = re.sub(r"SHA-256\s*[0-9a-f]+", " ", text)  # a file's fingerprint
    words = re.findall(r"[A-Za-z][A-Za-z]{2,}", text)
    return [w for w in words if w.lower() not in ALLOWED_LATIN]


_CSP_REFUSALS: dict[int, list[str]] = {}


def watch_csp(page: Any) -> None:
    """Collect what the Content-Security-Policy refuses on this tab (Chromium
    reports each refusal on the console)."""
    refused = _CSP_REFUSALS.setdefault(id(page), [])
    page.on(
        "console",
        lambda message: (
            refused.append(message.text[:300])
            if "Content Security Policy" in message.text
            else None
        ),
    )


def csp_refusals(page: Any) -> list[str]:
    """What the policy refused on this tab since the last call."""
    refused = _CSP_REFUSALS.get(id(page), [])
    found, refused[:] = list(refused), []
    return found


def check_page(
    page: Any, name: str, size: str, *, axe: Any, english_ok: bool = False
) -> dict[str, Any]:
    """Run every check on the page that is open, take its screenshot, return findings."""
    page.wait_for_load_state("load")
    found: dict[str, Any] = {"page": name, "size": size}
    refused = csp_refusals(page)
    if refused:
        found["csp"] = refused
    if size == "phone":
        overflow = page.evaluate(_OVERFLOW_SCRIPT)
        if overflow["scrollWidth"] > overflow["clientWidth"]:
            found["overflow"] = overflow
        # The narrowest and the widest phones the layout is for: overflow only.
        for key, viewport in (("overflow_360", NARROWEST), ("overflow_430", WIDEST_PHONE)):
            page.set_viewport_size(viewport)
            overflow = page.evaluate(_OVERFLOW_SCRIPT)
            if overflow["scrollWidth"] > overflow["clientWidth"]:
                found[key] = overflow
        page.set_viewport_size(SIZES["phone"])
    small = page.evaluate(_CHART_TEXT_SCRIPT)
    if small:
        found["chart_labels_under_12px"] = small[:10]
    missing = page.evaluate(_GLYPH_SCRIPT)
    if missing:
        found["missing_glyphs"] = missing
    if not english_ok:
        words = latin_words(page.evaluate(_UI_TEXT_SCRIPT))
        if words:
            found["english"] = sorted(set(words))[:20]
    results = axe.run(page, options={"resultTypes": ["violations"]})
    serious = [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target'] if v['nodes'] else ''}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    if serious:
        found["axe"] = serious
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-{size}.png"), full_page=True)
    return found


def problems(found: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in found.items() if k not in ("page", "size")}
