from django.urls import path

from .views import attendance, calendar, groups, harvest, meetings, registration

app_name = "meetings"

urlpatterns = [
    # The plan and the meetings (views/meetings.py)
    path("incontri/", meetings.meeting_list, name="meeting_list"),
    path("incontri/nuovo/<slug:programme_slug>/", meetings.meeting_create, name="meeting_create"),
    path("incontri/<slug:slug>/", meetings.meeting_detail, name="meeting_detail"),
    path("incontri/<slug:slug>/modifica/", meetings.meeting_edit, name="meeting_edit"),
    path("incontri/<slug:slug>/agenda/", meetings.agenda_edit, name="agenda_edit"),
    path(
        "incontri/<slug:slug>/agenda/<int:item_id>/elimina/",
        meetings.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path("incontri/<slug:slug>/materiali/", meetings.material_add, name="material_add"),
    path(
        "incontri/<slug:slug>/materiali/<int:material_id>/",
        meetings.material_download,
        name="material_download",
    ),
    path("incontri/<slug:slug>/verbale/", meetings.minutes_edit, name="minutes_edit"),
    path("incontri/<slug:slug>/chiusura/", meetings.meeting_close, name="meeting_close"),
    path("metodi/", meetings.method_list, name="method_list"),
    # Registration and the waiting list (views/registration.py)
    path("incontri/<slug:slug>/iscrizione/", registration.register, name="register"),
    path("incontri/<slug:slug>/iscrizione/annulla/", registration.cancel, name="cancel"),
    path(
        "incontri/<slug:slug>/iscrizioni/", registration.registration_list, name="registration_list"
    ),
    path("incontri/<slug:slug>/evento.ics", registration.meeting_ics, name="meeting_ics"),
    path("incontri/<slug:slug>/collegamento/", registration.online_link, name="online_link"),
    # The public feed (views/calendar.py); the calendar and the personal feed are in agenda.
    path("calendario/pubblico/<slug:programme_slug>.ics", calendar.public_feed, name="public_feed"),
    # Breakout groups (views/groups.py)
    path("incontri/<slug:slug>/gruppi/", groups.round_list, name="round_list"),
    path("incontri/<slug:slug>/gruppi/<int:round_id>/", groups.round_detail, name="round_detail"),
    path(
        "incontri/<slug:slug>/gruppi/<int:round_id>/sposta/", groups.move_member, name="move_member"
    ),
    path(
        "incontri/<slug:slug>/gruppi/<int:round_id>/export.csv",
        groups.round_export,
        name="round_export",
    ),
    # Attendance (views/attendance.py)
    path("incontri/<slug:slug>/presenze/", attendance.attendance_sheet, name="attendance"),
    path(
        "incontri/<slug:slug>/presenze/<int:registration_id>/",
        attendance.toggle_attendance,
        name="toggle_attendance",
    ),
    path("incontri/<slug:slug>/check-in/", attendance.check_in, name="check_in"),
    path("incontri/<slug:slug>/attestato/", attendance.certificate, name="certificate"),
    # Harvest (views/harvest.py)
    path("incontri/<slug:slug>/raccolta/<int:item_id>/", harvest.harvest_edit, name="harvest_edit"),
]
