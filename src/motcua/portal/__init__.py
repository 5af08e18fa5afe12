"""The citizen portal (issue 6): what citizens and businesses see, on a phone first.

Catalogue search and procedure pages, online filing through drafts kept server-side, "my dossiers"
with supplements answered online, public tracking by code + secret (the receipt's QR), satisfaction
ratings and feedback (phản ánh, kiến nghị). State changes of dossiers go through
:mod:`motcua.dossiers.services` only; the portal's own records (drafts, ratings, feedback) through
:mod:`motcua.portal.services`. See docs/portal.md.
"""
