"""The CRM webhook reaches only the public internet: refused when saved, checked again before
every post, posted to the address that was checked, redirects not followed; its secret is
never shown again."""

import socket
import ssl
import subprocess

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Site

from whitepapers.models import Delivery, DeliveryKind, DeliveryStatus, WhitepaperSettings

from .helpers import CRM, link_from_mail, make_user, set_crm_webhook

pytestmark = pytest.mark.django_db

PUBLIC = "93.184.216.34"


@pytest.fixture
def dns(monkeypatch):
    """Answers for made-up names under .test (anything else there does not resolve); other
    names go to the real resolver. `dns.answers[name]` is a list of addresses, or a list of
    such lists to give one per lookup; `dns.calls` counts lookups per name."""
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        if not name.rstrip(".").endswith(".test"):
            return real_getaddrinfo(host, port, *args, **kwargs)
        getaddrinfo.calls[name] = getaddrinfo.calls.get(name, 0) + 1
        addresses = getaddrinfo.answers.get(name)
        if addresses and isinstance(addresses[0], list):
            addresses = addresses[min(getaddrinfo.calls[name], len(addresses)) - 1]
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 0)))
            for address in addresses
        ]

    getaddrinfo.answers = {}
    getaddrinfo.calls = {}
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return getaddrinfo


@pytest.fixture
def local_development(settings):
    """http allowed, as for local development; no network allowed beyond the public one."""
    settings.WHITEPAPERS_WEBHOOK_ALLOW_HTTP = True
    settings.WHITEPAPERS_WEBHOOK_ALLOWED_NETWORKS = []
    return settings


@pytest.fixture
def marketing_client(client, blog_index):
    client.force_login(make_user("marketing", "Marketing"))
    return client


def stored_settings():
    return WhitepaperSettings.for_site(Site.objects.get(is_default_site=True))


def settings_url():
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["whitepapers", "whitepapersettings", site.pk])


def save_settings(client, **data):
    data.setdefault("sidebar_whitepaper", "")
    data.setdefault("crm_webhook_secret", "")
    return client.post(settings_url(), data)


def url_errors(response):
    assert response.status_code == 200, "the settings were saved"
    return " ".join(response.context["form"].errors.get("crm_webhook_url", []))


def confirm(client, submit_gate, whitepaper, django_capture_on_commit_callbacks):
    submit_gate(whitepaper)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(link_from_mail(mail.outbox[-1]))
    return Delivery.objects.get(kind=DeliveryKind.CRM_WEBHOOK)


# Refused when saved


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "http://127.0.0.1:5432/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://0.0.0.0/",
        "http://[::ffff:127.0.0.1]/",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://localhost./",
        "http://localhost:6379/",
        "ftp://crm.example.test/",
    ],
)
def test_settings_refuse_crm_urls_that_reach_into_our_network(
    marketing_client, local_development, dns, url
):
    dns.answers["crm.example.test"] = [PUBLIC]
    response = save_settings(marketing_client, crm_webhook_url=url, crm_webhook_secret="s3cret")
    assert url_errors(response)
    assert stored_settings().crm_webhook_url == ""


@pytest.mark.parametrize(
    "url, message",
    [
        ("http://127.0.0.1:8000/", "127.0.0.1 is not a public address (loopback)"),
        ("http://169.254.169.254/", "169.254.169.254 is not a public address (link-local)"),
        ("http://[::ffff:127.0.0.1]/", "is not a public address (loopback)"),
        ("http://0x7f.1/", "four decimal numbers"),
        ("http://localhost./", "is this server itself"),
        ("ftp://crm.example.test/", "https://"),
    ],
)
def test_a_refused_crm_url_says_why(marketing_client, local_development, dns, url, message):
    dns.answers["crm.example.test"] = [PUBLIC]
    response = save_settings(marketing_client, crm_webhook_url=url, crm_webhook_secret="s3cret")
    assert message in url_errors(response)


def test_settings_refuse_plain_http_unless_allowed(marketing_client, dns):
    dns.answers["crm.example.test"] = [PUBLIC]
    response = save_settings(
        marketing_client, crm_webhook_url="http://crm.example.test/", crm_webhook_secret="s"
    )
    assert "https://" in url_errors(response)


def test_settings_refuse_a_name_that_points_into_our_network(marketing_client, dns):
    dns.answers["crm.example.test"] = [PUBLIC, "10.0.0.5"]
    response = save_settings(
        marketing_client, crm_webhook_url="https://crm.example.test/", crm_webhook_secret="s"
    )
    assert "crm.example.test points to 10.0.0.5" in url_errors(response)


def test_settings_refuse_a_name_that_does_not_resolve(marketing_client, dns):
    response = save_settings(
        marketing_client, crm_webhook_url="https://nowhere.example.test/", crm_webhook_secret="s"
    )
    assert "cannot be found" in url_errors(response)


def test_settings_accept_a_public_https_crm(marketing_client, dns):
    dns.answers["crm.example.test"] = [PUBLIC]
    response = save_settings(
        marketing_client, crm_webhook_url="https://crm.example.test/hooks", crm_webhook_secret="s"
    )
    assert response.status_code == 302
    assert stored_settings().crm_webhook_url == "https://crm.example.test/hooks"


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000/", "https://169.254.169.254/", "https://[::1]/"]
)
def test_the_model_itself_refuses_internal_urls(blog_index, local_development, url):
    # Every form, import and API that validates the model gets the same rule.
    settings = stored_settings()
    settings.crm_webhook_url = url
    with pytest.raises(ValidationError) as refused:
        settings.full_clean()
    assert "crm_webhook_url" in refused.value.message_dict


# Checked again before every post


def test_a_stored_internal_url_is_never_contacted(
    client, whitepaper, submit_gate, crm, settings, django_capture_on_commit_callbacks
):
    # Stored before the rule existed (or past the form); loopback is not allowed any more.
    settings.WHITEPAPERS_WEBHOOK_ALLOWED_NETWORKS = []

    delivery = confirm(client, submit_gate, whitepaper, django_capture_on_commit_callbacks)

    assert crm.requests == []
    assert delivery.status == DeliveryStatus.FAILED  # no retry cures a literal address
    assert "127.0.0.1 is not a public address (loopback)" in delivery.last_error


def test_a_name_that_points_inside_after_the_check_is_caught_before_the_post(
    client, whitepaper, submit_gate, crm, settings, dns, django_capture_on_commit_callbacks
):
    settings.WHITEPAPERS_WEBHOOK_ALLOWED_NETWORKS = []
    dns.answers["crm.example.test"] = [PUBLIC]
    stored = set_crm_webhook(f"http://crm.example.test:{crm.port}/hooks/leads")
    stored.full_clean()  # public when saved
    dns.answers["crm.example.test"] = ["127.0.0.1"]  # DNS rebinding

    delivery = confirm(client, submit_gate, whitepaper, django_capture_on_commit_callbacks)

    assert crm.requests == []
    assert delivery.status == DeliveryStatus.PENDING  # DNS may change back: retried
    assert "crm.example.test points to 127.0.0.1" in delivery.last_error


def test_the_post_goes_to_the_address_that_was_checked(
    client, whitepaper, submit_gate, crm, dns, django_capture_on_commit_callbacks
):
    # The first answer is checked; a second lookup would get an address nobody listens on.
    dns.answers["crm.example.test"] = [["127.0.0.1"], ["10.255.255.1"]]
    set_crm_webhook(f"http://crm.example.test:{crm.port}/hooks/leads")

    delivery = confirm(client, submit_gate, whitepaper, django_capture_on_commit_callbacks)

    assert delivery.status == DeliveryStatus.SENT
    assert dns.calls["crm.example.test"] == 1
    [(headers, _body)] = crm.requests
    assert headers["Host"] == f"crm.example.test:{crm.port}"


def test_redirects_are_not_followed(
    client, whitepaper, submit_gate, crm, django_capture_on_commit_callbacks
):
    elsewhere = CRM()
    crm.status, crm.location = 307, elsewhere.url
    try:
        delivery = confirm(client, submit_gate, whitepaper, django_capture_on_commit_callbacks)
    finally:
        elsewhere.close()

    assert elsewhere.requests == []
    assert delivery.status == DeliveryStatus.PENDING
    assert "307" in delivery.last_error
    assert "redirects are not followed" in delivery.last_error


@pytest.mark.parametrize("status", [301, 302, 303])
def test_no_redirect_turns_the_post_into_a_request_elsewhere(
    client, whitepaper, submit_gate, crm, django_capture_on_commit_callbacks, status
):
    elsewhere = CRM()
    crm.status, crm.location = status, elsewhere.url
    try:
        confirm(client, submit_gate, whitepaper, django_capture_on_commit_callbacks)
    finally:
        elsewhere.close()
    assert elsewhere.requests == []


def test_a_crm_that_never_answers_times_out(
    client, whitepaper, submit_gate, crm, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("whitepapers.delivery.WEBHOOK_TIMEOUT_SECONDS", 0.5)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # accepts connections (backlog) and never says a word
    set_crm_webhook(f"http://127.0.0.1:{silent.getsockname()[1]}/hooks")
    try:
        delivery = confirm(client, submit_gate, whitepaper, django_capture_on_commit_callbacks)
    finally:
        silent.close()
    assert delivery.status == DeliveryStatus.PENDING
    assert "timed out" in delivery.last_error


# HTTPS to the checked address, in the name of the host


@pytest.fixture(scope="session")
def crm_certificate(tmp_path_factory):
    """A self-signed certificate for crm.example.test, and its key."""
    folder = tmp_path_factory.mktemp("crm-tls")
    certificate, key = folder / "crm.pem", folder / "crm.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=crm.example.test",
            "-addext",
            "subjectAltName=DNS:crm.example.test",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


@pytest.fixture
def tls_crm(crm_certificate, whitepaper, settings, dns, monkeypatch):
    """An HTTPS CRM on loopback whose certificate says crm.example.test; our side trusts it."""
    certificate, key = crm_certificate
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(certificate, key)
    monkeypatch.setattr(
        "whitepapers.webhook.ssl_context",
        lambda: ssl.create_default_context(cafile=str(certificate)),
    )
    settings.WHITEPAPERS_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    dns.answers["crm.example.test"] = ["127.0.0.1"]
    dns.answers["other.example.test"] = ["127.0.0.1"]
    server = CRM(tls=server_context)
    yield server
    server.close()


def test_https_names_the_host_in_sni_and_host_header(
    client, whitepaper, submit_gate, tls_crm, django_capture_on_commit_callbacks
):
    set_crm_webhook(f"https://crm.example.test:{tls_crm.port}/hooks/leads")

    delivery = confirm(client, submit_gate, whitepaper, django_capture_on_commit_callbacks)

    assert delivery.status == DeliveryStatus.SENT
    assert tls_crm.server_names == ["crm.example.test"]
    [(headers, _body)] = tls_crm.requests
    assert headers["Host"] == f"crm.example.test:{tls_crm.port}"


def test_https_checks_the_certificate_against_the_host_name(
    client, whitepaper, submit_gate, tls_crm, django_capture_on_commit_callbacks
):
    set_crm_webhook(f"https://other.example.test:{tls_crm.port}/hooks/leads")

    delivery = confirm(client, submit_gate, whitepaper, django_capture_on_commit_callbacks)

    assert tls_crm.requests == []
    assert delivery.status == DeliveryStatus.PENDING
    assert "certificate" in delivery.last_error.lower()


# The shared secret


def test_the_stored_secret_is_never_shown(marketing_client):
    set_crm_webhook("", secret="very-secret-value-123")
    html = marketing_client.get(settings_url()).content.decode()
    assert "very-secret-value-123" not in html
    assert 'type="password" name="crm_webhook_secret"' in html
    assert "A secret is stored" in html


def test_an_empty_secret_field_keeps_the_stored_secret(marketing_client, dns):
    dns.answers["crm.example.test"] = [PUBLIC]
    set_crm_webhook("https://crm.example.test/", secret="stored-secret")
    response = save_settings(
        marketing_client, crm_webhook_url="https://crm.example.test/new", crm_webhook_secret=""
    )
    assert response.status_code == 302
    assert stored_settings().crm_webhook_url == "https://crm.example.test/new"
    assert stored_settings().crm_webhook_secret == "stored-secret"


def test_a_new_secret_replaces_the_stored_one(marketing_client, dns):
    dns.answers["crm.example.test"] = [PUBLIC]
    set_crm_webhook("https://crm.example.test/", secret="stored-secret")
    save_settings(
        marketing_client, crm_webhook_url="https://crm.example.test/", crm_webhook_secret="new"
    )
    assert stored_settings().crm_webhook_secret == "new"


def test_the_stored_secret_can_be_removed(marketing_client):
    set_crm_webhook("", secret="stored-secret")
    response = save_settings(marketing_client, remove_crm_webhook_secret="on")
    assert response.status_code == 302
    assert stored_settings().crm_webhook_secret == ""


def test_a_crm_url_needs_a_secret(marketing_client, dns):
    dns.answers["crm.example.test"] = [PUBLIC]
    response = save_settings(marketing_client, crm_webhook_url="https://crm.example.test/")
    assert response.status_code == 200
    assert response.context["form"].errors["crm_webhook_secret"]
    assert stored_settings().crm_webhook_url == ""
