"""The identity handlers on fakes (bootstrap.in_memory()), with a driven clock: a person in the
directory, an administrator who sets their password, and the steps of signing in."""

from __future__ import annotations

from libs.clock import FixedClock
from libs.repository import CommandContext
from services.identity import bootstrap
from services.identity.application import administration as admin
from services.identity.application import commands as c
from services.identity.application import own_password
from services.identity.application import signing_in as s
from services.identity.settings import IdentitySettings
from tests.unit.identity.builders import ADDRESS, T0

MOBILE = "13900000001"
INITIAL = "initial123"
CHOSEN = "chosen4567"
ADMIN = CommandContext("admin-1", "ent-1", "corr-admin")


def wired(**settings):
    w = bootstrap.in_memory(clock=FixedClock(T0), identity=IdentitySettings(**settings))
    return w


async def person_with_password(w, person_id: str = "p-1", mobile: str = MOBILE, roles=("worker",),
                               enterprise_id: str = "ent-1", change: bool = True, opened: bool = False) -> None:
    """Registered in the directory, their account opened (the reactor's part, unless `opened`), an initial password
    set by the enterprise admin, and (`change`) changed to CHOSEN at the first sign-in."""
    from services.identity.domain.account import Account

    w.directory.register(person_id, enterprise_id, mobile, list(roles))
    if not opened:
        await w.identity.accounts.save(Account.open_for_person(person_id, enterprise_id),
                                       CommandContext("system:identity-accounts", enterprise_id, "corr-reg"))
    await admin.set_initial_password(c.SetInitialPassword(password=INITIAL).for_(enterprise_id, person_id), w.identity,
                                     CommandContext("admin-1", enterprise_id, "corr-admin"))
    if change:
        first = await s.sign_in(c.SignIn(mobile=mobile, password=INITIAL, enterprise_id=enterprise_id), w.identity,
                                ADDRESS, "corr-1")
        await own_password.change_password(c.ChangePassword(old_password=INITIAL, new_password=CHOSEN), w.identity,
                                           first.token.token, ADDRESS, "corr-2")


async def sign_in(w, password: str = CHOSEN, mobile: str = MOBILE, address: str = ADDRESS, enterprise_id=None):
    return await s.sign_in(c.SignIn(mobile=mobile, password=password, enterprise_id=enterprise_id), w.identity,
                           address, "corr-sign-in")


async def events(w) -> list:
    return await w.identity.store.read_all(limit=100_000)
