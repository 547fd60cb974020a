from django.contrib import admin

from tracker.reviews.models import Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["task", "decision", "reviewer", "created_at"]
    list_filter = ["decision"]
    raw_id_fields = ["task", "reviewer"]
