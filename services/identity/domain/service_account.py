"""An integrator's service account (接口调用方): a client id and a secret (shown once, kept hashed
beside the log), reading one enterprise within its scopes; and each use of it, a stream of its own."""

from __future__ import annotations

from datetime import datetime

from libs.aggregate import Aggregate, DomainConflict
from services.identity.domain import events as e
from services.identity.domain.rules import check_scopes


class ServiceAccount(Aggregate):
    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.enterprise_id = ""
        self.name = ""
        self.scopes: list[str] = []
        self.removed = False

    @classmethod
    def create(cls, service_account_id: str, enterprise_id: str, name: str, scopes: list[str], *,
               by: str, at: datetime) -> ServiceAccount:
        account = cls(service_account_id)
        account._record(e.ServiceAccountCreated(service_account_id=service_account_id, enterprise_id=enterprise_id,
                                                name=name, scopes=check_scopes(scopes), by=by, at=at))
        return account

    def change_scopes(self, scopes: list[str], *, by: str, at: datetime) -> None:
        self._refuse_if_removed()
        wanted = check_scopes(scopes)
        if wanted != self.scopes:
            self._record(e.ServiceAccountScopesChanged(service_account_id=self.id, enterprise_id=self.enterprise_id,
                                                       scopes=wanted, by=by, at=at))

    def rotate_secret(self, *, by: str, at: datetime) -> None:
        self._refuse_if_removed()
        self._record(e.ServiceAccountSecretRotated(service_account_id=self.id, enterprise_id=self.enterprise_id,
                                                   by=by, at=at))

    def remove(self, *, by: str, at: datetime) -> None:
        self._refuse_if_removed()
        self._record(e.ServiceAccountRemoved(service_account_id=self.id, enterprise_id=self.enterprise_id,
                                             by=by, at=at))

    def _refuse_if_removed(self) -> None:
        if self.removed:
            raise DomainConflict("接口调用方账号已删除", field="service_account_id", code="removed")

    def when_ServiceAccountCreated(self, ev: e.ServiceAccountCreated) -> None:
        self.enterprise_id, self.name, self.scopes = ev.enterprise_id, ev.name, ev.scopes

    def when_ServiceAccountScopesChanged(self, ev: e.ServiceAccountScopesChanged) -> None:
        self.scopes = ev.scopes

    def when_ServiceAccountSecretRotated(self, ev: e.ServiceAccountSecretRotated) -> None:
        pass  # the secret is beside the log; the event says when and by whom

    def when_ServiceAccountRemoved(self, ev: e.ServiceAccountRemoved) -> None:
        self.removed = True


class ClientSignIn(Aggregate):
    """One use of a service account's secret: a token issued, or a failure. A stream of one event."""

    @classmethod
    def issued(cls, attempt_id: str, account: ServiceAccount, *, address: str, at: datetime,
               expires_at: datetime) -> ClientSignIn:
        attempt = cls(attempt_id)
        attempt._record(e.ClientTokenIssued(attempt_id=attempt_id, service_account_id=account.id,
                                            enterprise_id=account.enterprise_id, scopes=account.scopes,
                                            address=address, at=at, expires_at=expires_at))
        return attempt

    @classmethod
    def failed(cls, attempt_id: str, account: ServiceAccount, *, address: str, at: datetime) -> ClientSignIn:
        attempt = cls(attempt_id)
        attempt._record(e.ClientAuthenticationFailed(attempt_id=attempt_id, service_account_id=account.id,
                                                     enterprise_id=account.enterprise_id, address=address, at=at))
        return attempt

    def when_ClientTokenIssued(self, ev: e.ClientTokenIssued) -> None:
        pass

    def when_ClientAuthenticationFailed(self, ev: e.ClientAuthenticationFailed) -> None:
        pass
