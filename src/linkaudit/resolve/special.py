"""Which addresses a public link may lead to: the IANA IPv4 and IPv6 Special-Purpose Address
Registries, as tables.

Python's ``ipaddress`` flags (``is_private``, ``is_global``...) follow an older registry and
miss ranges (100.64.0.0/10 counts as neither private nor global, 2002::/16 and fec0::/10 as
global), so the guard keeps its own list. The rule: a block the registry does not mark
"globally reachable" is refused; an address that embeds an IPv4 address (v4-mapped, NAT64,
6to4) is judged by the address it embeds; IPv6 outside
global unicast (2000::/3) is refused whatever it is.
"""

from __future__ import annotations

import ipaddress
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

# IPv4 Special-Purpose Address Registry blocks that are not globally reachable, plus
# multicast (224/4) and the deprecated 6to4 relay anycast block.
_V4_REFUSED = tuple(
    IPv4Network(n)
    for n in (
        "0.0.0.0/8",  # "this network" (RFC 791)
        "10.0.0.0/8",  # private use (RFC 1918)
        "100.64.0.0/10",  # shared address space, carrier-grade NAT (RFC 6598)
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link local (cloud metadata lives here)
        "172.16.0.0/12",  # private use
        "192.0.0.0/24",  # IETF protocol assignments (RFC 6890), DS-Lite, NAT64 discovery
        "192.0.2.0/24",  # documentation TEST-NET-1
        "192.88.99.0/24",  # deprecated 6to4 relay anycast (RFC 7526)
        "192.168.0.0/16",  # private use
        "198.18.0.0/15",  # benchmarking (RFC 2544)
        "198.51.100.0/24",  # documentation TEST-NET-2
        "203.0.113.0/24",  # documentation TEST-NET-3
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and 255.255.255.255 limited broadcast
    )
)
# Inside 192.0.0.0/24 the registry marks these two globally reachable (PCP and TURN anycast).
_V4_GLOBAL_EXCEPTIONS = (IPv4Address("192.0.0.9"), IPv4Address("192.0.0.10"))

_GLOBAL_UNICAST = IPv6Network("2000::/3")
_V6_REFUSED = tuple(
    IPv6Network(n)
    for n in (
        "2001::/23",  # IETF protocol assignments, Teredo (2001::/32) among them
        "2001:db8::/32",  # documentation
        "3fff::/20",  # documentation (RFC 9637)
        "5f00::/16",  # SRv6 SIDs (RFC 9602)
        # outside 2000::/3, listed for the record (refused by the unicast rule anyway):
        # ::/128, ::1/128, 100::/64 discard, 64:ff9b:1::/48 local NAT64, fc00::/7 unique
        # local, fec0::/10 site local (deprecated), fe80::/10 link local, ff00::/8 multicast
    )
)
# Inside 2001::/23 the registry marks these globally reachable.
_V6_GLOBAL_EXCEPTIONS = tuple(
    IPv6Network(n)
    for n in (
        "2001:1::1/128",  # PCP anycast
        "2001:1::2/128",  # TURN anycast
        "2001:1::3/128",  # DNS-SD service registration protocol anycast
        "2001:3::/32",  # AMT
        "2001:4:112::/48",  # AS112-v6
        "2001:20::/28",  # ORCHIDv2
        "2001:30::/28",  # drone remote ID (RFC 9374)
    )
)
_MAPPED = IPv6Network("::ffff:0:0/96")  # IPv4-mapped
_COMPATIBLE = IPv6Network("::/96")  # deprecated IPv4-compatible (::a.b.c.d)
_NAT64 = IPv6Network("64:ff9b::/96")  # well-known NAT64 prefix: globally reachable if its v4 is
_SIX_TO_FOUR = IPv6Network("2002::/16")  # 6to4: reaches the embedded v4 address


def is_refused_address(ip: IPv4Address | IPv6Address) -> bool:
    """True when no public link may lead to ``ip``."""
    if isinstance(ip, IPv4Address):
        return _v4_refused(ip)
    embedded = _embedded_v4(ip)
    if embedded is not None:
        return _v4_refused(embedded)
    if ip in _COMPATIBLE:  # ::, ::1 and the deprecated ::a.b.c.d: none is routed to the public
        return True
    if ip not in _GLOBAL_UNICAST:
        return True
    if any(ip in net for net in _V6_GLOBAL_EXCEPTIONS):
        return False
    return any(ip in net for net in _V6_REFUSED)


def _v4_refused(ip: IPv4Address) -> bool:
    if ip in _V4_GLOBAL_EXCEPTIONS:
        return False
    return any(ip in net for net in _V4_REFUSED)


def _embedded_v4(ip: IPv6Address) -> IPv4Address | None:
    """The IPv4 address a v4-mapped, NAT64 or 6to4 address leads to, if it is one."""
    if ip in _MAPPED or ip in _NAT64:
        return IPv4Address(int(ip) & 0xFFFF_FFFF)
    if ip in _SIX_TO_FOUR:
        return IPv4Address((int(ip) >> 80) & 0xFFFF_FFFF)
    return None


def parse_address(text: str) -> IPv4Address | IPv6Address | None:
    """The address ``text`` spells (an IPv6 zone ``%eth0`` dropped), or None."""
    try:
        return ipaddress.ip_address(text.split("%", 1)[0].strip("[]"))
    except ValueError:
        return None
