"""Whether a request's User-Agent is a robot: crawlers, link previews, monitors and scripts.

Plain Python, no Django. Robots' visits are not form views: counting them would inflate the
figures (and the conversion rate would sink). The patterns are deliberately plain: a request
without a User-Agent, the words robots use to name themselves (bot, crawler, spider, preview,
monitor …) and the HTTP libraries scripts use. A headless browser is not a robot by itself:
our own browser tests use headless Chrome, and so do some readers' tools.
"""

import re

__all__ = ["ROBOT_PATTERNS", "is_robot"]

ROBOT_PATTERNS = (
    "bot",  # Googlebot, bingbot, AhrefsBot, Slackbot, UptimeRobot, Pingdom.com_bot …
    "crawl",
    "spider",
    "slurp",
    "preview",
    "monitor",
    "robots",
    "facebookexternalhit",
    "embedly",
    "curl/",
    "wget/",
    "python-requests",
    "python-urllib",
    "python-httpx",
    "aiohttp",
    "go-http-client",
    "okhttp",
    "java/",
    "libwww-perl",
    "scrapy",
    "httpclient",
)
_ROBOT = re.compile("|".join(re.escape(pattern) for pattern in ROBOT_PATTERNS), re.IGNORECASE)


def is_robot(user_agent):
    """Whether `user_agent` (the header's value, possibly empty) is a robot's."""
    return not user_agent.strip() or bool(_ROBOT.search(user_agent))
