"""Settings for the published site: pelicanconf.py plus the public address, never drafts."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("WARTA_SITEURL", "https://berita.sulbarprov.go.id")
WARTA_PUBLISHING = True
WARTA_SHOW_DRAFTS = False
