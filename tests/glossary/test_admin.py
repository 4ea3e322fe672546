"""Editors manage terms in the admin: listing with counts, CSV export and import."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.rich_text import RichText

from glossary.csv_terms import parse_terms_csv
from glossary.models import GlossaryTerm

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/glossary/glossaryterm/"
IMPORT_URL = LIST_URL + "import/"


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_user("ed", password="pw-long-enough-123")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def upload(client, content, name="terms.csv"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content, "text/csv")})


def test_listing_shows_how_many_live_posts_link_each_term(editor_client, make_term, make_post):
    make_term("Hadoop")
    make_term("Kafka")
    make_post(title="One", body=[("paragraph", RichText("<p>Hadoop</p>"))])
    make_post(title="Two", body=[("paragraph", RichText("<p>Hadoop and Kafka</p>"))])
    make_post(title="Three", body=[("paragraph", RichText("<p>Hadoop</p>"))]).unpublish()
    html = editor_client.get(LIST_URL, {"ordering": "name"}).content.decode()
    assert "Live posts linking it" in html
    cells = {
        name: re.findall(r"<td[^>]*>\s*(\d+)\s*</td>", html.split(name, 1)[1].split("</tr>")[0])
        for name in ["Hadoop", "Kafka"]
    }
    assert cells == {"Hadoop": ["2"], "Kafka": ["1"]}


def test_marketing_cannot_manage_terms(client, glossary_page):
    user = get_user_model().objects.create_user("mk", password="pw-long-enough-123")
    user.groups.add(Group.objects.get(name="Marketing"))
    client.force_login(user)
    assert client.get(LIST_URL).status_code in (302, 403)
    assert client.get(IMPORT_URL).status_code in (302, 403)


def test_export_writes_the_import_format(editor_client, make_term):
    make_term("Internet of Things", variants="IoT\nInternet of Everything")
    response = editor_client.get(LIST_URL, {"export": "csv"})
    content = b"".join(response.streaming_content).decode()
    assert content.splitlines()[0] == "name,slug,variants,exact_variants,short_definition,auto_link"
    rows, errors = parse_terms_csv(content.encode())
    assert errors == []
    assert rows[0]["variants"] == "IoT\nInternet of Everything"


def test_import_creates_and_updates_published_terms(editor_client, make_term):
    make_term("Hadoop", definition="Old definition.")
    csv = (
        b"name,variants,exact_variants,short_definition,auto_link\n"
        b"Hadoop,Apache Hadoop,,New definition.,yes\n"
        b'Internet of Things,"IoT | IoTs",,Connected things.,\n'
        b"Information Technology,,IT,Computers at work.,no\n"
    )
    response = upload(editor_client, csv)
    assert response.status_code == 302
    assert GlossaryTerm.objects.get(slug="hadoop").short_definition == "New definition."
    iot = GlossaryTerm.objects.get(slug="internet-of-things")
    assert iot.live and iot.variant_list == ["IoT", "IoTs"]
    assert GlossaryTerm.objects.get(slug="information-technology").auto_link is False
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Imported 3 terms: 2 new, 1 updated."]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,variants\nHadoop,Apache Hadoop\n", "Missing column(s): short_definition."),
        (
            b"name,short_definition\nHadoop,One.\nKafka,Two.\nhadoop,Three.\n",
            "Row 4: the name “hadoop” already appears in row 2",
        ),
        (
            "name,short_definition\nGröße,Maß.\n".encode("latin-1"),
            "The file is not UTF-8 text",
        ),
        (b"name,short_definition\nKafka,\n", "Row 2: the short definition is empty."),
        (b"name,short_definition,auto_link\nKafka,Streams.,maybe\n", "auto_link must be yes or no"),
        (b"", "The submitted file is empty."),
        (b"\n\n", "Missing column(s): name, short_definition."),
    ],
)
def test_bad_csv_gets_a_clear_message_and_changes_nothing(
    editor_client, make_term, content, message
):
    make_term("Hadoop", definition="Kept as it is.")
    response = upload(editor_client, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(GlossaryTerm.objects.values_list("name", "short_definition")) == [
        ("Hadoop", "Kept as it is.")
    ]


def test_rejected_file_says_nothing_was_imported(editor_client, glossary_page):
    response = upload(editor_client, b"name,short_definition\nKafka,\n")
    assert "Nothing was imported." in response.content.decode()


def test_import_without_file_asks_for_one(editor_client, glossary_page):
    response = editor_client.post(IMPORT_URL, {})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_editor_can_open_term_editor_with_preview_and_history(editor_client, make_term):
    term = make_term("Hadoop")
    edit = editor_client.get(f"{LIST_URL}edit/{term.pk}/")
    assert edit.status_code == 200
    html = edit.content.decode()
    assert "Case-sensitive variants" in html
    assert "Link automatically" in html
    assert editor_client.get(f"{LIST_URL}history/{term.pk}/").status_code == 200
    assert editor_client.get(f"{LIST_URL}add/").status_code == 200


def test_post_editor_offers_the_glossary_link_feature(editor_client, blog_index):
    response = editor_client.get(f"/admin/pages/add/blog/blogpage/{blog_index.pk}/")
    html = response.content.decode()
    assert "glossary/js/draftail-glossary.js" in html
    assert "GLOSSARY_TERM" in html


def test_term_preview_renders_tooltip_sample(make_term):
    term = make_term("Hadoop", definition="Clusters of commodity machines.")
    response = term.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Hadoop</h1>" in html
    assert '<span id="glossary-definition-preview">Clusters of commodity machines.</span>' in html


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'name,short_definition\nIoT,"unterminated\nAI,Artificial intelligence\n',
            "not valid CSV",
        ),
        (b"name,short_definition\nIoT,Things\x00\n", "NUL characters"),
        (b"name,short_definition,name\nIoT,Things,X\n", "Column(s) named twice: name."),
        (b"name,short_definition\n\n\nIoT,\n", "Row 4: the short definition is empty."),
    ],
)
def test_malformed_csv_is_refused_with_the_row_it_is_on(editor_client, make_term, content, message):
    make_term("Hadoop", definition="Kept as it is.")
    response = upload(editor_client, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert GlossaryTerm.objects.count() == 1


def test_users_who_may_only_add_terms_cannot_import(client, glossary_page):
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("adder", password="pw-long-enough-123")
    group = Group.objects.create(name="Adders")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_glossaryterm"),
    )
    user.groups.add(group)
    client.force_login(user)
    csv = SimpleUploadedFile("t.csv", b"name,short_definition\nIoT,Things\n", "text/csv")
    assert client.post(IMPORT_URL, {"file": csv}).status_code in (302, 403)
    assert not GlossaryTerm.objects.exists()
