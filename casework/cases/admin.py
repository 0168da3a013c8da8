from django.contrib import admin

from .models import Case, CaseDeadline, CaseEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Cases change only through services, so the admin shows them and nothing more."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["reference", "kind", "status", "urgency", "organisation", "submitted_at"]
    list_filter = ["status", "kind", "urgency"]
    list_select_related = ["organisation"]
    search_fields = ["reference"]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["case", "action", "from_status", "to_status", "actor", "at"]
    list_filter = ["action"]
    list_select_related = ["case", "actor"]
    search_fields = ["case__reference"]


@admin.register(CaseDeadline)
class CaseDeadlineAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "due_on", "due_at", "met"]
    list_filter = ["kind", "met"]
    list_select_related = ["case"]
    search_fields = ["case__reference"]
