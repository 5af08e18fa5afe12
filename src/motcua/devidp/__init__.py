"""Local development identity provider: a small but real OpenID Connect provider with demo citizens.

It stands in for the national portal's single sign-on (DVCQG SSO, backed by VNeID) in ``make demo``
and in the tests, so the citizen sign-in code path (:mod:`motcua.integrations.sso`) is the same as in
production: discovery, authorization code (+ optional PKCE S256), token endpoint with client secret
(basic or post), RS256 ID tokens with the assurance level in ``acr`` (``LoA1``/``LoA2``), userinfo with
the portal's field names, JWKS. Nothing in the relying party knows this app exists.

Installed only when ``MOTCUA_DEV_IDP`` is true (default: ``MOTCUA_DEBUG``); a system check warns when
it is on outside DEBUG. Anyone can "sign in" as any demo citizen here — that is the point, and why it
must never run in production. See docs/sso.md.
"""
