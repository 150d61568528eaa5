from django.urls import path

from hearth.safety import views

app_name = "safety"

urlpatterns = [
    path("groups/<uuid:group_id>/signal/", views.safety_signal, name="signal"),
    path("safety/alerts/", views.alerts, name="alerts"),
    path("safety/alerts/<uuid:alert_id>/", views.alert, name="alert"),
    path("safety/duty/", views.duty, name="duty"),
]
