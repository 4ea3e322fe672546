"""Uploaded images, served by the app where no web server or bucket does (the demo, development).

Only image renditions (`images/`) and originals (`original_images/`) leave MEDIA_ROOT this way,
and only image files: whitepaper files and other documents live beside them under
`documents/` and are sent by their own views after a check, never from here. A path that
names another folder, or leaves its folder (`..`, a symlink), is a 404.

`SERVE_IMAGE_MEDIA` turns it on (default: with DEBUG). In production the web server or the
bucket serves `images/` and `original_images/` the same way, and nothing else under media.
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404

__all__ = ["IMAGE_EXTENSIONS", "IMAGE_FOLDERS", "image_file_for", "serve_image_media"]

IMAGE_FOLDERS = ("images", "original_images")
IMAGE_EXTENSIONS = frozenset({".avif", ".gif", ".jpeg", ".jpg", ".png", ".svg", ".webp"})
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def image_file_for(media_root, path):
    """The image file `path` (relative to `media_root`) names, or None if it may not be served."""
    folder, _, rest = path.partition("/")
    if folder not in IMAGE_FOLDERS or not rest:
        return None
    parts = rest.split("/")
    if any(part in ("", ".", "..") or "\\" in part or "\x00" in part for part in parts):
        return None
    base = (Path(media_root) / folder).resolve()
    candidate = (base / rest).resolve()
    if not candidate.is_relative_to(base) or candidate.suffix.lower() not in IMAGE_EXTENSIONS:
        return None
    return candidate if candidate.is_file() else None


def serve_image_media(request, path):
    if not getattr(settings, "SERVE_IMAGE_MEDIA", settings.DEBUG):
        raise Http404("Media files are served by the web server.")
    image = image_file_for(settings.MEDIA_ROOT, path)
    if image is None:
        raise Http404("No such image.")
    content_type = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
    response = FileResponse(image.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    if image.suffix.lower() == ".svg":
        # An SVG opened on its own could run script: it is an image here, nothing more.
        response["Content-Security-Policy"] = SVG_POLICY
    return response
