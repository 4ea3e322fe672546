"""Bad input at the gate: each ends in a clear message or a 4xx, and nothing stored changes."""

import time

import pytest
from django.core import mail

from whitepapers import links, tokens
from whitepapers.models import Delivery, Lead

from .helpers import form_stamp, link_from_mail, reader_details

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(whitepaper, make_lead):
    """A lead already stored for the address the bad requests use; it must survive as is."""
    make_lead(whitepaper, email="ada@example.com", company="Original Company")

    def snapshot():
        return list(Lead.objects.order_by("pk").values()), Delivery.objects.count()

    before = snapshot()
    yield
    assert snapshot() == before


def assert_refused(response, status, message):
    assert response.status_code == status
    assert message in response.content.decode()
    assert "Original Company" not in response.content.decode()


def test_missing_consent(stored, whitepaper, submit_gate):
    response = submit_gate(whitepaper, consent=None)

    assert_refused(response, 400, "Please agree to the processing of your details")


def test_invalid_email(stored, whitepaper, submit_gate):
    response = submit_gate(whitepaper, email="ada@@example")

    assert_refused(response, 400, "Please enter a valid e-mail address")


@pytest.mark.parametrize("field", ["first_name", "last_name", "company", "job_role"])
def test_line_breaks_in_text_fields(stored, whitepaper, submit_gate, field):
    response = submit_gate(whitepaper, **{field: "Ada\r\nBcc: victim@example.org"})

    assert_refused(response, 400, "without line breaks")


def test_line_breaks_in_the_email_address(stored, whitepaper, submit_gate):
    response = submit_gate(whitepaper, email="ada@example.com\r\nBcc: victim@example.org")

    assert_refused(response, 400, "Please enter a valid e-mail address")
    assert mail.outbox == []


@pytest.mark.parametrize("field", ["first_name", "last_name", "company", "job_role", "email"])
def test_ten_thousand_character_fields(stored, whitepaper, submit_gate, field):
    value = "a" * 10_000 if field != "email" else "a" * 9_990 + "@example.com"

    response = submit_gate(whitepaper, **{field: value})

    assert_refused(response, 400, "Please use")


def test_filled_honeypot(stored, whitepaper, submit_gate):
    response = submit_gate(whitepaper, website="http://spam.example")

    assert response.status_code == 400
    assert mail.outbox == []


def test_too_fast_submission(stored, whitepaper, submit_gate, settings):
    settings.WHITEPAPERS_MIN_FILL_SECONDS = 3

    response = submit_gate(whitepaper)

    assert_refused(response, 400, "quicker than anyone can type")


def test_forged_form_stamp(stored, whitepaper, submit_gate):
    response = submit_gate(whitepaper, stamp="forged" * 10)

    assert_refused(response, 400, "could not be checked")


def test_form_stamp_of_another_whitepaper(stored, whitepaper, make_whitepaper, client, submit_gate):
    other = make_whitepaper(title="Cloud Guide")

    response = submit_gate(whitepaper, stamp=form_stamp(client, other))

    assert_refused(response, 400, "belongs to another whitepaper")


def test_refused_form_keeps_the_readers_input(whitepaper, submit_gate):
    response = submit_gate(whitepaper, consent=None, company="Kept Company")

    assert 'value="Kept Company"' in response.content.decode()


def test_rate_limit_per_email_address(stored, whitepaper, submit_gate, settings):
    settings.WHITEPAPERS_RATE_LIMITS = {"email": (2, 3600)}
    for _ in range(2):
        assert submit_gate(whitepaper, email="victim@example.org").status_code == 303

    response = submit_gate(whitepaper, email="victim@example.org")

    assert_refused(response, 429, "already sent this whitepaper to this address")
    assert int(response["Retry-After"]) > 0
    assert len([m for m in mail.outbox if m.to == ["victim@example.org"]]) == 2
    # The stored lead for ada@ is untouched: the fixture checks; clean up the victim's.
    Delivery.objects.filter(lead__email="victim@example.org").delete()
    Lead.objects.filter(email="victim@example.org").delete()


def test_rate_limit_per_address_of_the_client(stored, whitepaper, submit_gate, settings):
    settings.WHITEPAPERS_RATE_LIMITS = {"ip": (3, 3600)}
    for number in range(3):
        submit_gate(whitepaper, consent=None, email=f"reader{number}@example.org")

    response = submit_gate(whitepaper, email="someone@example.org")

    assert_refused(response, 429, "Too many requests from your network")
    assert not Lead.objects.filter(email="someone@example.org").exists()


def test_control_characters_in_utm_parameters_are_dropped(whitepaper, client, submit_gate):
    query = "?utm_source=news%01letter&utm_campaign=%0D%0A%3DSUM(A1)"

    assert submit_gate(whitepaper, query=query).status_code == 303

    lead = Lead.objects.get()
    assert lead.utm_source == "newsletter"
    assert lead.utm_campaign == "=SUM(A1)"  # kept as typed; the export neutralises it


@pytest.mark.parametrize("source", ["²", "9" * 5000, "-1", "abc", "1e5"])
def test_odd_source_parameters(whitepaper, client, source):
    response = client.get(whitepaper.url, {"source": source})

    assert response.status_code == 200


def test_forged_download_token(stored, whitepaper, client):
    response = client.get(whitepaper.url + "download/" + "A" * 120 + "/")

    assert response.status_code == 404


def test_forged_file_token(stored, whitepaper, client):
    response = client.get(whitepaper.url + "file/" + "A" * 120 + "/")

    assert response.status_code == 404


def test_token_edited_to_another_lead(whitepaper, make_lead, client):
    victim = make_lead(whitepaper, email="victim@example.org")
    mine = make_lead(whitepaper, email="me@example.org")
    token = links.make_download_token(mine, confirm=True)
    data = {"l": victim.reference.hex, "w": whitepaper.pk, "c": 1}
    payload = tokens.make_token("download", data, b"x", 0)
    forged = payload[: -tokens.SIGNATURE_LENGTH] + token[-tokens.SIGNATURE_LENGTH :]

    response = client.get(whitepaper.url + f"download/{forged}/")

    assert response.status_code == 404
    victim.refresh_from_db()
    assert victim.email_confirmed_at is None


def test_expired_token(whitepaper, make_lead, client, monkeypatch):
    lead = make_lead(whitepaper)
    eight_days_ago = int(time.time()) - 8 * 24 * 3600
    monkeypatch.setattr(links, "_now", lambda: eight_days_ago)
    token = links.make_download_token(lead, confirm=True)
    monkeypatch.undo()

    response = client.get(whitepaper.url + f"download/{token}/")
    file_response = client.get(whitepaper.url + f"file/{token}/")

    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert file_response.status_code == 410
    lead.refresh_from_db()
    assert lead.email_confirmed_at is None
    assert lead.download_count == 0


def test_token_for_another_whitepaper(whitepaper, make_whitepaper, make_lead, client):
    other = make_whitepaper(title="Cloud Guide")
    token = links.make_download_token(make_lead(whitepaper), confirm=True)

    assert client.get(other.url + f"download/{token}/").status_code == 404
    assert client.get(other.url + f"file/{token}/").status_code == 404


def test_link_of_an_erased_lead(whitepaper, make_lead, client):
    lead = make_lead(whitepaper)
    token = links.make_download_token(lead, confirm=True)
    lead.delete()

    assert client.get(whitepaper.url + f"file/{token}/").status_code == 404


def test_unpublished_whitepaper(whitepaper, client, submit_gate):
    submit_gate(whitepaper)
    link = link_from_mail(mail.outbox[0])
    whitepaper.unpublish()

    assert client.get(link).status_code == 404
    assert client.get(link.replace("/download/", "/file/")).status_code == 404
    assert client.get(whitepaper.url).status_code == 404
    assert client.post(whitepaper.url, reader_details()).status_code == 404


def test_deleted_whitepaper(whitepaper, client, submit_gate):
    submit_gate(whitepaper)
    link = link_from_mail(mail.outbox[0])
    whitepaper.delete()

    assert client.get(link).status_code == 404
    lead = Lead.objects.get()
    assert lead.whitepaper is None
    assert lead.whitepaper_title == "Hadoop 2 (German version)"


def test_documents_direct_url_is_refused(whitepaper, client):
    response = client.get(whitepaper.document.url)

    assert response.status_code == 403


def test_documents_direct_url_is_refused_to_readers_who_have_a_link(
    whitepaper, client, submit_gate
):
    submit_gate(whitepaper, remember="on")

    assert client.get(whitepaper.document.url).status_code == 403


def test_other_documents_stay_public(make_document, client):
    brochure = make_document(title="Brochure", filename="brochure.pdf", protected=False)

    assert client.get(brochure.url).status_code == 200


def test_get_on_the_remembered_route_is_not_allowed(whitepaper, client):
    assert client.get(whitepaper.url + "again/").status_code == 405


def test_form_without_its_stamp(stored, whitepaper, client):
    response = client.post(whitepaper.url, reader_details())

    assert_refused(response, 400, "could not be checked")


def test_undecodable_form_data(stored, whitepaper, client):
    stamp = form_stamp(client, whitepaper)

    response = client.post(
        whitepaper.url,
        b"first_name=\xff\xfe&consent=on&stamp=" + stamp.encode(),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400


def test_rate_limit_counts_every_spelling_of_an_address(whitepaper, submit_gate, settings):
    settings.WHITEPAPERS_RATE_LIMITS = {"email": (2, 3600)}
    assert submit_gate(whitepaper, email="victim@example.org").status_code == 303
    assert submit_gate(whitepaper, email="victim+1@example.org").status_code == 303

    response = submit_gate(whitepaper, email='"victim"@example.org')

    assert response.status_code == 429
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    "field, value",
    [
        ("first_name", "Click https://evil.example/reset"),
        ("first_name", "evil.example"),
        ("last_name", "<a href=x>Lovelace</a>"),
        ("company", "www.evil.example"),
        ("company", "Evil.example/reset"),
        ("job_role", "see xyz://payload"),
    ],
)
def test_links_and_markup_in_text_fields(stored, whitepaper, submit_gate, field, value):
    response = submit_gate(whitepaper, **{field: value})

    assert_refused(response, 400, "without web addresses, links")
    assert mail.outbox == []


@pytest.mark.parametrize(
    "first_name, last_name, company",
    [
        ("Anne-Marie", "O'Brien", "Amazon.com Inc."),
        ("Dr. Jürgen", "Müller", "Müller GmbH & Co.KG"),
        ("J. R. R.", "Tolkien", "Allen & Unwin"),
        ("Zoë", "Ångström", "Ångström Labs"),
    ],
)
def test_real_names_and_companies_are_accepted(
    whitepaper, submit_gate, first_name, last_name, company
):
    response = submit_gate(whitepaper, first_name=first_name, last_name=last_name, company=company)

    assert response.status_code == 303
    assert Lead.objects.get().last_name == last_name
