"""Server-rendered pages for reviewers (Jinja2 templates, plain JavaScript and CSS served from the package);
`mount.install_web` puts them on the app."""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
