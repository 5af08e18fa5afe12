"""Staff back office: login, the counter, the department desk, the director's and supervisor's views.

Server-rendered Django templates with htmx (vendored: centres may have no internet). Views only
read through scoped helpers and change dossiers through ``motcua.dossiers.services``.
"""
