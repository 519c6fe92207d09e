"""Our dialect adapters against the receivers: the unit tests' complete chain, mapped by each
dialect and sealed by our envelope module, is what the independent receivers accept — and what they
hold is what was sent. (The sender itself is the next session's; this is the adapters' half.)"""

from __future__ import annotations

import httpx
import pytest

from services.gov_sync.domain.dialects.base import Dialect
from services.gov_sync.domain.dialects.park import PARK
from services.gov_sync.domain.dialects.provincial import PROVINCIAL
from services.gov_sync.domain.dialects.uploader import UPLOADER
from services.gov_sync.domain.envelope import seal
from services.gov_sync.domain.photos import Photo
from services.gov_sync.domain.snapshots import entity_of
from tests.integration.gov_sync.receivers.platform import GovReceiver
from tests.integration.gov_sync.receivers.samples import PNG
from tests.unit.gov_sync.builders import CHAIN, risk_event, sent

pytestmark = pytest.mark.integration
PHOTOS = {"ph-before": Photo(media_type="image/png", data=PNG), "ph-after": Photo(media_type="image/png", data=PNG)}


async def send_all(receiver: GovReceiver, dialect: Dialect, snapshots) -> list[httpx.Response]:
    answers = []
    async with httpx.AsyncClient(base_url=receiver.url) as client:
        for snapshot in snapshots:
            record = sent(dialect, snapshot, PHOTOS)
            answers.append(await client.post(dialect.endpoints[entity_of(snapshot)], json=seal([record], receiver.key),
                                             auth=receiver.credentials))
    return answers


def held_as_sent(receiver: GovReceiver, dialect: Dialect) -> None:
    for snapshot in CHAIN:
        table = dialect.endpoints[entity_of(snapshot)].rsplit("/", 1)[1]
        assert receiver.record(table, snapshot.id) == sent(dialect, snapshot, PHOTOS)
    assert receiver.ignored == []  # every field our adapter sends has a column there


async def test_the_park_takes_the_park_dialects_chain(park):
    answers = await send_all(park, PARK, CHAIN)
    assert [answer.json()["code"] for answer in answers] == [200] * len(CHAIN), [a.text for a in answers]
    held_as_sent(park, PARK)


async def test_the_uploader_takes_the_uploader_dialects_chain_and_its_deletion(uploader):
    answers = await send_all(uploader, UPLOADER, (*CHAIN, risk_event(deleted=True)))
    assert all(answer.json()["data"]["code"] == "200" for answer in answers), [a.text for a in answers]
    assert uploader.table("sec_risk_event")[risk_event().id].deleted and uploader.ignored == []


async def test_the_provincial_receiver_takes_the_provincial_dialects_chain(provincial):
    answers = await send_all(provincial, PROVINCIAL, CHAIN)
    assert all(answer.json()["data"]["code"] == "200" for answer in answers), [a.text for a in answers]
    held_as_sent(provincial, PROVINCIAL)
