from django.urls import path

from tracker.slips import views

urlpatterns = [
    path("slips/<int:pk>.<slug:fmt>", views.slip_download, name="slip-download"),
]
