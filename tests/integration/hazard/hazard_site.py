"""A hazard service on the session's PostgreSQL and broker, the clock driven by the test, and who
talks to it: tokens by person and role, photos uploaded, steps posted."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from tests.integration.service_client import token

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
T0 = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
EID = "ent-hz-1"


class Site:
    def __init__(self, client, settings, clock, app=None):
        self.client, self.settings, self.clock, self.app = client, settings, clock, app

    def who(self, person: str, *roles: str, eid: str = EID) -> dict:
        return token(self.settings, eid, *roles, person=person)

    async def photo(self, headers: dict) -> str:
        up = await self.client.post(f"/enterprises/{EID}/photos", headers=headers,
                                    files={"file": ("现场.png", PNG + uuid.uuid4().bytes, "image/png")})
        assert up.status_code == 201, up.text
        return up.json()["photo_id"]

    async def post(self, path: str, headers: dict, body: dict | None = None, status: int = 200) -> dict:
        r = await self.client.post(f"/enterprises/{EID}{path}", headers=headers, json=body or {})
        assert r.status_code == status, (path, r.text)
        return r.json()

    async def snapshot(self, headers: dict, **changes) -> dict:
        body = {"client_id": str(uuid.uuid4()), "made_at": "2026-12-03T09:30:00", "name": "消防通道堵塞",
                "description": "3 号库房北侧消防通道堆放托盘", "photo_ids": [await self.photo(headers)], **changes}
        return await self.post("/hazards/snapshots", headers, body, 201)


WORKER, OFFICER, RECTIFIER, PRINCIPAL = ("p-worker", "worker"), ("p-officer", "safety_officer"), \
    ("p-rect", "worker"), ("p-boss", "principal")
GRADING = {"level": 0, "hazard_type": 5, "manage_type": 1, "occurrence_link": 6,
           "liable_person_id": "p-rect", "department_id": "d-1",
           "deadline": "2026-12-10"}


