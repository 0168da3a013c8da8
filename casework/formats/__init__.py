"""Dates in one unambiguous form in both languages: "3 Dec 2026" / "3 déc. 2026".

Django's own short formats write 12/03/2026 in English, which reads as 3 December or 12 March
depending on the reader. These format modules (settings.FORMAT_MODULE_PATH) spell the month
everywhere; casework.dates adds what a format string cannot say (the French "1er", time zone
abbreviations in French).
"""
