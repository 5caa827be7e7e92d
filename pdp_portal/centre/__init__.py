"""The public privacy centre of each organisation (Decree 356 Art. 5(1); Law 91 Art. 4, 9-10).

Apps add their public parts to an organisation's centre from ``<app>/centre.py``.
"""
