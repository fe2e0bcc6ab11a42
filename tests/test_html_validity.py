"""Every HTML page of the demo site passes the Nu HTML Checker (vnu) with zero errors."""

from __future__ import annotations

import pytest

import tools

pytestmark = pytest.mark.browser  # needs java and vnu.jar, like the browser tests


def test_every_demo_page_is_valid_html(demo_site):
    pages = [path for path in sorted(demo_site.rglob("*.html")) if "pagefind" not in path.relative_to(demo_site).parts]
    assert len(pages) > 40
    errors = tools.run_vnu(pages)
    assert errors == [], "\n".join(errors)
