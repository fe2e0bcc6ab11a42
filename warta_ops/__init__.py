"""Warta's operator application, run by tasks.py around Pelican: atomic builds, publishing and its
gates, the local preview, CODEOWNERS and new release files.

It uses the plugins' shared library (warta_core) and content model (warta_content); no plugin
imports it.
"""
