"""Which user agents are robots, as plain Python: robots' visits are not form views."""

import pytest

from whitepapers.visitors import is_robot

CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.mark.parametrize(
    "user_agent",
    [
        "",
        "   ",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "Mozilla/5.0 (compatible; YandexSpider/3.0)",
        "Mozilla/5.0 (compatible; Yahoo! Slurp)",
        "Screaming Frog SEO Spider/19.0",
        "Applebot-Crawler",
        "Slack-ImgProxy (+https://api.slack.com/robots)",
        "Mozilla/5.0 (compatible; Skype-Uri-Preview)",
        "facebookexternalhit/1.1",
        "UptimeRobot/2.0",
        "Pingdom.com_bot_version_1.4",
        "Site24x7 monitor",
        "curl/8.5.0",
        "Wget/1.21.4",
        "python-requests/2.32.3",
        "Python-urllib/3.11",
        "Go-http-client/1.1",
    ],
)
def test_robots_are_recognised(user_agent):
    assert is_robot(user_agent)


@pytest.mark.parametrize(
    "user_agent",
    [
        CHROME,
        CHROME.replace("Chrome/", "HeadlessChrome/"),  # our own browser tests
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36",
    ],
)
def test_browsers_are_readers(user_agent):
    assert not is_robot(user_agent)
