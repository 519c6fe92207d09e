"""What operations watch of the sign-in (Prometheus): attempts by outcome — a rise of `refused`
(locked accounts tried) or `throttled` is someone guessing — and refresh tokens by outcome, where
any `reused` deserves a look (a token stolen, or a client refreshing twice at once)."""

from __future__ import annotations

from prometheus_client import Counter

SIGN_INS = Counter("sk_identity_sign_ins_total", "Sign-in attempts, by outcome: signed_in, change_required, "
                   "failed, refused (locked or disabled), unknown (no one account), throttled, "
                   "kind_required (the right password for one of a number's kinds of account), kind_failed (for none)",
                   ["outcome"])
REFRESHES = Counter("sk_identity_refreshes_total", "Refresh tokens spent, by outcome: rotated, reused, ended",
                    ["outcome"])
CLIENT_TOKENS = Counter("sk_identity_client_tokens_total", "Client-credential requests, by outcome: issued, "
                        "refused, throttled", ["outcome"])
