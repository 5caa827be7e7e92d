"""Filings: what an organisation files with the specialized agency, seen from one place.

A breach notification (Form 08), an impact dossier (Forms 01a-03b, 09, 10), a certificate
application or change (Forms 04-07) and an inspection bundle (Decree 356 Art. 31(5)) are the same
thing from the law's side: the organisation files, the agency reviews against its own clock, asks
for more and decides. Each app keeps what is its own and plugs into this package through a small
interface (see ``registry``); this package never imports an app, and the apps never import each
other for filing work.

What the apps' filing code shares is here once: the abstract bases of their records (``models``:
a version as sent, a step of the review, an enclosure), the steps of a move (``review``: lock,
check the transition table, meet the clocks, tell both sides), the clock table of their pages
(templates/filings/_clocks.html) and the parts of their inspection bundle sections (``bundle``).
"""
