from django.contrib import admin

from casework.cases.admin import ReadOnlyAdmin

from .models import Briefing


@admin.register(Briefing)
class BriefingAdmin(ReadOnlyAdmin):
    list_display = ["case", "number", "language", "recipient", "created_by", "created_at"]
    list_filter = ["language", "recipient"]
    list_select_related = ["case", "created_by"]
    search_fields = ["case__reference"]
    exclude = ["file"]
