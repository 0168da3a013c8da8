# "3 déc. 2026", "3 déc. 2026, 14 h 30" (Office québécois de la langue française); the "1er"
# of the first day is added by casework.dates.
DATE_FORMAT = "j N Y"
SHORT_DATE_FORMAT = "j N Y"
DATETIME_FORMAT = "j N Y, G \\h i"
SHORT_DATETIME_FORMAT = "j N Y, G \\h i"
TIME_FORMAT = "G \\h i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
