from django.urls import path

from tracker.circulars import views

urlpatterns = [
    path("circulars/", views.circular_list, name="circular-list"),
    path("circulars/<int:pk>/", views.circular_detail, name="circular-detail"),
    path("circulars/<int:pk>/save/", views.circular_save, name="circular-save"),
    path("circulars/<int:pk>/download", views.circular_download, name="circular-download"),
]
