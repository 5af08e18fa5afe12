"""Provider state, all in the database so several processes (or test server threads) agree.

* :class:`SigningKey` — the RSA key that signs ID tokens, generated on first use (never in git).
* :class:`AuthorizationCode` — one row per issued code, stored as a SHA-256 digest; single use is a
  compare-and-swap on ``used_at`` (two racing token requests cannot both win), and a reused code
  revokes every access token issued from it (RFC 6749 §4.1.2).
* :class:`AccessToken` — bearer tokens for the userinfo endpoint, also stored as digests.
"""

from __future__ import annotations

import hashlib

from authlib.oauth2.rfc6749 import TokenMixin
from authlib.oidc.core import AuthorizationCodeMixin
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.lib import clock


def digest(secret: str) -> str:
    """SHA-256 hex digest: codes and tokens are looked up by digest, never stored in clear."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class SigningKey(models.Model):
    kid = models.CharField(_("mã khóa (kid)"), max_length=64, unique=True)
    private_jwk = models.JSONField(_("khóa riêng (JWK)"))
    created_at = models.DateTimeField(_("thời điểm tạo"), default=clock.now)
    retired_at = models.DateTimeField(_("thời điểm thu hồi"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa ký")
        verbose_name_plural = _("khóa ký")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.kid


class AuthorizationCode(models.Model, AuthorizationCodeMixin):
    code_hash = models.CharField(max_length=64, unique=True)
    client_id = models.CharField(max_length=100)
    subject = models.CharField(_("định danh người dùng (sub)"), max_length=64)
    redirect_uri = models.TextField()
    scope = models.TextField(blank=True, default="")
    nonce = models.CharField(max_length=255, blank=True, default="")
    acr = models.CharField(max_length=16)
    code_challenge = models.CharField(max_length=128, blank=True, default="")
    code_challenge_method = models.CharField(max_length=10, blank=True, default="")
    auth_time = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã ủy quyền")
        verbose_name_plural = _("mã ủy quyền")
        indexes = [models.Index(fields=["client_id", "nonce"]), models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.client_id} → {self.subject}"

    # Authlib's (OIDC) AuthorizationCodeMixin
    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce or None

    def get_auth_time(self) -> int:
        return int(self.auth_time.timestamp())

    def get_acr(self) -> str:
        return self.acr

    def get_amr(self) -> list[str]:
        return []


class AccessToken(models.Model, TokenMixin):
    token_hash = models.CharField(max_length=64, unique=True)
    client_id = models.CharField(max_length=100)
    subject = models.CharField(max_length=64)
    scope = models.TextField(blank=True, default="")
    code = models.ForeignKey(AuthorizationCode, on_delete=models.CASCADE, related_name="tokens", null=True)
    issued_at = models.DateTimeField(default=clock.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập")
        verbose_name_plural = _("mã truy cập")

    def __str__(self) -> str:
        return f"{self.client_id} → {self.subject}"

    # Authlib's TokenMixin
    def check_client(self, client) -> bool:
        return client.get_client_id() == self.client_id

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return int((self.expires_at - self.issued_at).total_seconds())

    def is_expired(self) -> bool:
        return clock.now() >= self.expires_at

    def is_revoked(self) -> bool:
        return self.revoked_at is not None
