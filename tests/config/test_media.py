"""Uploaded images are served where no web server does; no other file under media ever is."""

import pytest

from config.media import image_file_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(tmp_path, settings):
    for relative in (
        "original_images/photo.png",
        "images/photo.fill-480x270.png",
        "documents/hadoop-2.pdf",
        "documents/chart.png",
    ):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4 secret" if relative.endswith(".pdf") else b"\x89PNG\r\n")
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SERVE_IMAGE_MEDIA = True
    return tmp_path


@pytest.mark.parametrize("path", ["original_images/photo.png", "images/photo.fill-480x270.png"])
def test_images_and_renditions_are_served(client, media, path):
    response = client.get(f"/media/{path}")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    [
        "original_images/..%2fdocuments%2fhadoop-2.pdf",
        "original_images/../documents/hadoop-2.pdf",
        "images/..%2F..%2Fdocuments/hadoop-2.pdf",
        "original_images/%2e%2e/documents/hadoop-2.pdf",
        "original_images/..%5cdocuments%5chadoop-2.pdf",
        "original_images//documents/chart.png",
        "documents/hadoop-2.pdf",
        "documents/chart.png",
        "original_images/",
        "original_images/missing.png",
    ],
)
def test_nothing_outside_the_image_folders_is_served(client, media, path):
    response = client.get(f"/media/{path}")

    assert response.status_code == 404
    assert b"secret" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_a_symlink_out_of_the_image_folder_is_not_followed(media):
    (media / "original_images" / "link.png").symlink_to(media / "documents" / "chart.png")

    assert image_file_for(media, "original_images/link.png") is None


def test_images_are_not_served_by_the_app_unless_configured(client, media, settings):
    settings.SERVE_IMAGE_MEDIA = False

    assert client.get("/media/original_images/photo.png").status_code == 404
