"""Browser-test helpers shared by the fixtures and the tests: viewports, Chromium flags, axe, screenshots."""


from __future__ import annotations

import re
import sys
from pathlib import Path


_TESTS_DIR = Path(__file__).resolve().parent.parent
if str(_TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(_TESTS_DIR))

import tools  # noqa: E402  (tests/tools.py)

SCREENSHOT_DIR = tools.REPO_ROOT / "test-artifacts" / "screenshots"

MOBILE = (360, 740)
DESKTOP = (1280, 800)

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Containers often have a tiny /dev/shm; Debian's launcher script tries to
    # detect that but its check can misfire, so always use /tmp instead.
    "--disable-dev-shm-usage",
]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


_TIMER_SHIM_ON = """() => {
  if (window.__wartaTimers) return;
  window.__wartaTimers = {setTimeout: window.setTimeout, clearTimeout: window.clearTimeout};
  const cancelled = new Set();
  let next = 1;
  window.setTimeout = (fn, ms, ...args) => {
    const id = next++;
    Promise.resolve().then(() => { if (!cancelled.has(id)) fn(...args); });
    return id;
  };
  window.clearTimeout = id => { cancelled.add(id); };
}"""
_TIMER_SHIM_OFF = """() => {
  if (!window.__wartaTimers) return;
  window.setTimeout = window.__wartaTimers.setTimeout;
  window.clearTimeout = window.__wartaTimers.clearTimeout;
  delete window.__wartaTimers;
}"""
_HAS_AXE = "() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"


def axe_violations(page, context=None, tags=AXE_TAGS, options=None) -> list:
    """Run axe-core on ``page`` and return its ``violations`` (list of dicts
    with id, impact, help, helpUrl, nodes[...]).  Empty list = clean.

    Rules: the tags wcag2a, wcag2aa, wcag21a, wcag21aa and best-practice.
    ``context`` is an optional axe context (selector string or
    ``{"include": [...], "exclude": [...]}``); ``options`` is merged into
    the axe.run options.  Works on pages with JavaScript disabled too.
    """
    axe_js = tools.require_tool("axe-core", tools.find_axe_js())
    scripts_blocked = False
    if not page.evaluate(_HAS_AXE):
        try:
            page.add_script_tag(path=str(axe_js))
        except Exception:  # e.g. a strict Content-Security-Policy
            pass
        if not page.evaluate(_HAS_AXE):
            # The <script> did not run: JavaScript disabled (or blocked by
            # CSP).  Evaluate axe's source directly through DevTools instead.
            scripts_blocked = True
            page.evaluate(axe_js.read_text(encoding="utf-8") + "\n;void 0")
        if not page.evaluate(_HAS_AXE):
            raise RuntimeError("could not inject axe-core into the page")
    run_options = {"runOnly": {"type": "tag", "values": list(tags)},
                   "resultTypes": ["violations"]}
    if options:
        run_options.update(options)
    if scripts_blocked or page.evaluate("() => !!window.__wartaTimers"):
        page.evaluate(_TIMER_SHIM_ON)
    try:
        return page.evaluate(
            "async ([ctx, opts]) => (await (ctx ? axe.run(ctx, opts) : axe.run(opts))).violations",
            [context, run_options],
        )
    finally:
        page.evaluate(_TIMER_SHIM_OFF)


def format_axe_violations(violations) -> str:
    """Readable multi-line summary for assertion messages."""
    lines = []
    for v in violations:
        lines.append(f"[{v.get('impact')}] {v['id']}: {v['help']} ({v.get('helpUrl', '')})")
        for node in v.get("nodes", [])[:5]:
            lines.append(f"    {', '.join(map(str, node.get('target', [])))}: "
                         f"{' '.join(node.get('html', '').split())[:160]}")
        if len(v.get("nodes", [])) > 5:
            lines.append(f"    ... {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """Save a PNG of ``page`` to test-artifacts/screenshots/<name>.png under
    the repo root (created on demand) and return its path."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "screenshot"
    if not safe.lower().endswith(".png"):
        safe += ".png"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / safe
    page.screenshot(path=str(path), full_page=full_page)
    return path
