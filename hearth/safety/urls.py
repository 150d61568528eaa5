from django.urls import path

from hearth.safety import views

app_name = "safety"

urlpatterns = [
    path("groups/<uuid:group_id>/signal/", views.safety_signal, name="signal"),
    path("safety/alerts/", views.alerts, name="alerts"),
    path("safety/alerts/<uuid:alert_id>/", views.alert, name="alert"),
    path("safety/duty/", views.duty, name="duty"),
    path("safety/review/", views.review_queue, name="review_queue"),
    path("safety/review/<uuid:item_id>/", views.review_item, name="review_item"),
    path("safety/reports/mine/", views.my_reports, name="my_reports"),
    path("safety/reports/<uuid:report_id>/", views.handle_report, name="handle_report"),
    path("safety/blocks/", views.my_blocks, name="blocks"),
    path("safety/policy/", views.policy_page, name="policy"),
    path(
        "groups/<uuid:group_id>/watched-words/",
        views.group_watched_words,
        name="group_watched_words",
    ),
    path(
        "groups/<uuid:group_id>/members/<uuid:membership_id>/report/",
        views.report_member,
        name="report_member",
    ),
    path(
        "groups/<uuid:group_id>/members/<uuid:membership_id>/block/",
        views.block_member,
        name="block_member",
    ),
]
