"""Who may ask what: bearer tokens (JWT) and the one place where tenant scope is enforced.

A token names the person (`sub`), their enterprise (`ent`), their roles, and for a regulator or
an integrator the enterprises it reads (`jur`). Enterprise-scoped routes live under
`/enterprises/{enterprise_id}/…`; `enterprise_scope` guards all of them at router level:
members of the enterprise read and (with a writing role) write; a regulator reads within
jurisdiction and never writes; an integrator reads within its grant and scopes and never writes;
nobody else gets in.

  roles.py      the one Role table and its labels
  principal.py  who is asking, and what they may read and write
  claims.py     lifetime and time checks every token passes, the refusals a caller reads
  tokens.py     our tokens (issue, decode) and the dispatch by issuer
  oidc.py       an enterprise's own identity provider: JWKS, claims → principal
  guards.py     the FastAPI dependencies
"""

from libs.auth.guards import (
    READ_METHODS,
    EnterpriseExists,
    current_principal,
    enterprise_scope,
    read_scope,
    require_roles,
    require_scope,
)
from libs.auth.principal import ISSUER, Principal
from libs.auth.roles import DUTY_ROLES, ENTERPRISE_ROLES, OUTSIDE_READERS, ROLE_LABELS, Role
from libs.auth.tokens import ACCESS, REFRESH, TYPE_CLAIM, authenticate, decode_token, issue_token

__all__ = [
    "ACCESS", "DUTY_ROLES", "ENTERPRISE_ROLES", "ISSUER", "OUTSIDE_READERS", "READ_METHODS", "REFRESH",
    "ROLE_LABELS", "TYPE_CLAIM", "EnterpriseExists", "Principal", "Role", "authenticate", "current_principal",
    "decode_token", "enterprise_scope", "issue_token", "read_scope", "require_roles", "require_scope",
]
