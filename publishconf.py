"""Settings for the published site: pelicanconf.py plus the public address, never drafts."""

import os
import runpy

# The pelicanconf.py beside this file, whatever the working folder (a test builds several projects).
_base = runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pelicanconf.py"))
globals().update((key, value) for key, value in _base.items() if key.isupper())

SITEURL = os.environ.get("WARTA_SITEURL", "https://berita.sulbarprov.go.id")
WARTA_PUBLISHING = True
WARTA_SHOW_DRAFTS = False
