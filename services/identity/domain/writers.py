"""Who may do what to accounts: a rule of the domain, which the routes take."""

from __future__ import annotations

from libs.auth import Role

# An enterprise's administrators set initial passwords, lift lock-outs and keep its service accounts.
ACCOUNT_ADMINS = (Role.ENTERPRISE_ADMIN,)
# Who may see the enterprise's accounts (who can sign in, who is locked out): its administrators
# and those who answer for its safety management.
ACCOUNT_READERS = (Role.ENTERPRISE_ADMIN, Role.SAFETY_OFFICER, Role.PRINCIPAL)
# Regulators' accounts and enterprises' first administrators are the platform's.
PLATFORM = (Role.PLATFORM_ADMIN,)
