"""axe-core finds no serious or critical problems on the pages readers use most."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEED_URL = "/defining-digitalization-industry-40-or-internet-things/"


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        SEED_URL,
        "/tag/big-data/",
        "/search/?q=cloud",
        "/glossary/",
        "/glossary/internet-of-things/",
        "/whitepaper-hadoop-2/",
        "/whitepaper-hadoop-2/sent/",
    ],
)
def test_no_serious_accessibility_violations(page, live_server, demo_site, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + path)
    results = Axe().run(page)
    serious = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"{[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == []


def test_phone_layout_has_no_horizontal_scroll(page, live_server, demo_site):
    page.set_viewport_size({"width": 360, "height": 800})
    for path in ["/", SEED_URL, "/whitepaper-hadoop-2/"]:
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path


def test_gate_errors_have_no_serious_accessibility_violations(page, live_server, demo_site):
    page.set_viewport_size({"width": 360, "height": 900})
    page.goto(live_server.url + "/whitepaper-hadoop-2/")
    page.get_by_role("button", name="Send me the whitepaper").click()
    page.get_by_role("alert").wait_for()
    results = Axe().run(page)
    serious = [
        v["id"] for v in results.response["violations"] if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []


def test_keyboard_user_can_skip_to_content(page, live_server, demo_site):
    page.goto(live_server.url + SEED_URL)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.bounding_box()["y"] >= 0  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
