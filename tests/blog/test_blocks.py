"""Body blocks validate what editors enter."""

import pytest
from wagtail.blocks import StructBlockValidationError

from blog.blocks import LinkBlock

pytestmark = pytest.mark.django_db


def test_link_needs_a_page_or_an_url():
    with pytest.raises(StructBlockValidationError) as error:
        LinkBlock().clean({"page": None, "url": "", "title": "Nowhere"})
    assert "Choose either a page or an external URL." in str(error.value.block_errors["page"])


def test_link_cannot_have_both_page_and_url(blog_index):
    with pytest.raises(StructBlockValidationError):
        LinkBlock().clean({"page": blog_index, "url": "https://example.org/", "title": ""})


def test_external_link_needs_a_title():
    with pytest.raises(StructBlockValidationError) as error:
        LinkBlock().clean({"page": None, "url": "https://example.org/", "title": ""})
    assert "External links need a title." in str(error.value.block_errors["title"])


def test_javascript_urls_are_refused():
    with pytest.raises(StructBlockValidationError):
        LinkBlock().clean({"page": None, "url": "javascript:alert(1)", "title": "Evil"})
