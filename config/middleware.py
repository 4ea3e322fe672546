"""What settings alone cannot express: the client's address behind our proxies, and
security headers.

`TrustedProxyMiddleware` puts the client's address into REMOTE_ADDR when the request came
through a proxy of ours (TRUSTED_PROXIES). `ContentSecurityPolicyMiddleware` is django-csp's
middleware choosing a policy by URL prefix (the admin gets its own, looser one),
`PermissionsPolicyMiddleware` adds `Permissions-Policy`. Both sit above the full-page cache,
so cached and fresh answers get the same headers and the cache stores none of them.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings

from .proxies import client_address, parse_networks

__all__ = [
    "ContentSecurityPolicyMiddleware",
    "PermissionsPolicyMiddleware",
    "TrustedProxyMiddleware",
]


class TrustedProxyMiddleware:
    """REMOTE_ADDR becomes the client's address when the peer is one of TRUSTED_PROXIES
    (see `config.proxies`); the peer's own address stays in PROXY_REMOTE_ADDR. Everything
    that keys on the client (rate limits, sign-in lockouts, logs) reads REMOTE_ADDR. First in
    MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = parse_networks(getattr(settings, "TRUSTED_PROXIES", ()))

    def __call__(self, request):
        if self.trusted:
            peer = request.META.get("REMOTE_ADDR", "")
            forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
            request.META["PROXY_REMOTE_ADDR"] = peer
            request.META["REMOTE_ADDR"] = client_address(peer, forwarded, self.trusted)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with a policy per URL prefix.

    `CONTENT_SECURITY_POLICY` is the policy for everything; `CONTENT_SECURITY_POLICY_BY_PREFIX`
    maps a path prefix ("/admin/") to the directives that replace it there, the first
    matching prefix wins. A view's `@csp` decorator still replaces either, `@csp_update` and
    `@csp_replace` still change them. Override `directives_for` to choose another way.
    """

    def directives_for(self, request):
        """The directives for this request, or None for CONTENT_SECURITY_POLICY's."""
        by_prefix = getattr(settings, "CONTENT_SECURITY_POLICY_BY_PREFIX", {})
        for prefix, directives in by_prefix.items():
            if request.path_info.startswith(prefix):
                return directives
        return None

    def process_response(self, request, response):
        # Wagtail renders a preview by passing a dummy request for the page's public URL
        # through the whole middleware stack; the real request (/admin/…) sets the policy.
        if getattr(request, "is_dummy", False):
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        # A view's @csp decorator set `config` already: it knows best.
        if not report_only and parts.config is None:
            parts.config = self.directives_for(request)
        return parts


def permissions_policy_header(features):
    """`{"camera": [], "fullscreen": ["self"]}` as `camera=(), fullscreen=(self)`."""

    def origin(value):
        return value if value in ("self", "*", "src") else f'"{value}"'

    return ", ".join(
        f"{feature}=({' '.join(origin(value) for value in allowed)})"
        for feature, allowed in features.items()
    )


class PermissionsPolicyMiddleware:
    """Adds `Permissions-Policy` from the PERMISSIONS_POLICY setting to every answer.

    PERMISSIONS_POLICY maps a feature to the origins allowed to use it: an empty list turns
    the feature off for the page and every frame in it. A header a view set itself is kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_dummy", False):  # a Wagtail preview's inner pass
            return response
        header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))
        if header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = header
        return response
