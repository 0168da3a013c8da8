from django.contrib import admin

from casework.cases.admin import ReadOnlyAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """View-only: no add, change or delete, for superusers too (see the model's docstring)."""

    list_display = ["at", "action", "username", "case_reference", "target", "ip_address"]
    list_filter = ["action"]
    search_fields = ["case_reference", "username", "ip_address"]
    date_hierarchy = "at"
    actions = None
