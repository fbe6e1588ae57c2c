"""The Content-Security-Policy every page carries, read from the one place it is written.

`deploy/nginx.conf` sends the policy as a header. Hosts that send no headers (GitHub
Pages, a plain file server, a USB stick) would serve the pages with no policy at
all, so each page also carries it as `<meta http-equiv="Content-Security-Policy">`.
A meta policy cannot express every directive (the CSP standard ignores
`frame-ancestors`, `report-uri`, `report-to` and `sandbox` there), so those stay
header-only; everything else is the same text as the header, never a second copy.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..caching import by_file_content
from ..paths import PROJECT

NGINX_CONF = PROJECT / "deploy" / "nginx.conf"
# Directives a <meta> policy may not carry (CSP Level 3, §6.4 "Delivery via meta").
HEADER_ONLY = frozenset({"frame-ancestors", "report-uri", "report-to", "sandbox"})
_HEADER = re.compile(r'^\s*add_header\s+Content-Security-Policy\s+"([^"]+)"', re.MULTILINE)


class PolicyNotFound(Exception):
    """deploy/nginx.conf has no Content-Security-Policy header to copy."""


def header_policy(conf_text: str) -> str:
    """The policy as nginx sends it (nginx variables such as `$csp_frame_ancestors` left in)."""
    found = _HEADER.findall(conf_text)
    if len(found) != 1:
        raise PolicyNotFound(
            f"deploy/nginx.conf must hold exactly one `add_header Content-Security-Policy \"…\"` line, found {len(found)}"
            f" / deploy/nginx.conf 中应恰有一行 Content-Security-Policy 设置，实际为 {len(found)} 行"
        )
    return found[0]


def directives(policy: str) -> list[str]:
    return [d.strip() for d in policy.split(";") if d.strip()]


def meta_policy_from(conf_text: str) -> str:
    """The header's policy without the directives a meta element cannot carry."""
    kept = [d for d in directives(header_policy(conf_text)) if d.split()[0].lower() not in HEADER_ONLY]
    for directive in kept:
        if "$" in directive:  # an nginx variable would reach the page as literal text
            raise PolicyNotFound(f"CSP directive `{directive}` uses an nginx variable; only header-only directives may")
    return "; ".join(kept)


def meta_policy(conf: Path = NGINX_CONF) -> str:
    return _meta_policy(conf)


@by_file_content(maxsize=2)  # by the file's bytes: an edited deploy/nginx.conf is read again
def _meta_policy(conf: Path) -> str:
    return meta_policy_from(conf.read_text(encoding="utf-8"))
