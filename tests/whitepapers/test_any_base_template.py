"""The gate works on a site whose base template is not ours: what it must do, it does in
its answers' headers, not in blocks of the site's `base.html` that another site may lack."""

import pytest
from django.core import mail

from .helpers import link_from_mail

pytestmark = pytest.mark.django_db

# What `wagtail start` gives a new site: no `meta` block in the head.
WAGTAIL_START_BASE = """<!DOCTYPE html><html><head><title>{% block title %}{% endblock %}</title>
{% block extra_css %}{% endblock %}</head><body>{% block content %}{% endblock %}
{% block extra_js %}{% endblock %}</body></html>"""


@pytest.fixture
def wagtail_start_base(tmp_path, settings):
    (tmp_path / "base.html").write_text(WAGTAIL_START_BASE)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]


def test_the_download_starts_without_a_meta_block_in_the_sites_head(
    client, whitepaper, submit_gate, wagtail_start_base
):
    submit_gate(whitepaper)
    link = link_from_mail(mail.outbox[0])

    response = client.get(link)

    file_link = link.replace("/download/", "/file/")
    assert f'href="{file_link}"' in response.content.decode()
    assert response["Refresh"] == f"1;url={file_link}"
    # The link is a credential: no other site learns it, no search engine keeps the page.
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Robots-Tag"] == "noindex"


def test_check_inbox_page_stays_out_of_search_engines(
    client, whitepaper, submit_gate, wagtail_start_base
):
    response = client.get(submit_gate(whitepaper)["Location"])

    assert "Check your inbox" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"
