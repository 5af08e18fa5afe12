"""Dossiers (hồ sơ thủ tục hành chính): intake, lifecycle, deadlines, audit trail and the API.

The heart of the system. Module map:

- ``codes`` — the national dossier code (mã số hồ sơ) and its race-free reservation;
- ``workflow`` — THE transition table (one place, every edge with its legal basis);
- ``services`` — one function per transition (the only way state changes);
- ``deadlines`` / ``ontime`` — appointment arithmetic and the DOMAIN §7 on-time classification;
- ``access`` — scoped querysets and object-or-404 helpers (the only way staff read dossiers);
- ``audit`` — the append-only, hash-chained audit log;
- ``outbox`` — events written with the state change, dispatched after commit;
- ``api`` — the django-ninja API under ``/api/v1/``.
"""
