from django.contrib import admin

from .models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "event__case", "recipient", "via_digest", "created_at", "sent_at"]
    list_filter = ["kind", "via_digest"]
    list_select_related = ["event__case", "recipient"]
    readonly_fields = ["recipient", "event", "kind", "via_digest", "created_at", "sent_at"]

    def has_add_permission(self, request):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "mode"]
    list_filter = ["mode"]
