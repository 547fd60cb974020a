from django.urls import path

from tracker.supervision import views

urlpatterns = [
    path("instructions/", views.instruction_register, name="instruction-register"),
]
