"""Inspections of an organisation by the specialized agency (Decree 356 Art. 31; Law 91 Art. 35)."""
