"""Facts about an HTTP request that every app needs the same way.

`client_address(request)`: the address of the person at the other end. Behind the reverse
proxy production runs behind, REMOTE_ADDR is the proxy's address and the same for everyone,
so login throttling and rate limits keyed on it would throw all visitors together (anyone
could lock out anyone). The proxy puts the address it saw in a header; but a client can
send that header too, so it is believed only as far as settings say:

- ``TRUSTED_PROXY_COUNT`` (environment): how many proxies of our own stand in front of
  the application. 0 (the default): no proxy; the header is ignored and REMOTE_ADDR is the
  client. N: each of our proxies appends the address it received the request from, so the
  client is the N-th entry from the right; whatever a client wrote further left is ignored.
- ``TRUSTED_PROXY_HEADER``: the header they write (``X-Forwarded-For``; a proxy that sets
  a single-value header such as ``X-Real-IP`` works with a count of 1).

A header that is missing, too short or not an address falls back to REMOTE_ADDR.
"""

import ipaddress

from django.conf import settings


def _meta_key(header: str) -> str:
    return "HTTP_" + header.strip().upper().replace("-", "_")


def client_address(request) -> str:
    """The client's IP address as far as the trusted proxies vouch for it (see above)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0
    if count <= 0:
        return remote
    raw = request.META.get(_meta_key(getattr(settings, "TRUSTED_PROXY_HEADER", "")), "")
    hops = [hop.strip() for hop in str(raw).split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote
