"""Citizen sign-in through the national portal's single sign-on (OpenID Connect, authorization code).

The relying party: Authlib's Django client with OIDC discovery from ``settings.CITIZEN_SSO``; the ID
token is checked against the provider's JWKS (signature), ``iss``, ``aud``, ``exp`` and the nonce
saved with the state. Claims and userinfo become a :class:`~.models.CitizenAccount` with its VNeID
assurance level (DOMAIN §3: level 2 may file online, level 1 may track and rate). The citizen's
session is separate from staff login: see :mod:`.auth` (``current_citizen``, ``citizen_required``).

Flow and settings: docs/sso.md. In development the provider is :mod:`motcua.devidp`, reached over
HTTP exactly like the production one; this package never imports it.
"""
