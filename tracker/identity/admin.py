from django.contrib import admin

from tracker.identity.models import DirectorySyncRun, DirectoryUnit, UserIdentity


@admin.register(UserIdentity)
class UserIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "source", "dingtalk_userid", "wecom_userid", "synced_at", "left_at"]
    list_filter = ["source"]
    search_fields = ["user__username", "user__full_name", "directory_dn", "external_subject"]
    raw_id_fields = ["user"]


@admin.register(DirectoryUnit)
class DirectoryUnitAdmin(admin.ModelAdmin):
    list_display = ["dn", "department", "synced_at"]
    search_fields = ["dn", "department__name"]


@admin.register(DirectorySyncRun)
class DirectorySyncRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "finished_at", "error"]
    readonly_fields = ["started_at", "finished_at", "counts", "error"]
