"""Background work of consultation reports. Arguments are ids only; running a task twice sends nothing twice."""

from django.tasks import task

from . import services


@task
def send_council_notice(notice_id: int) -> str:
    return "sent" if services.send_council_notice(notice_id=notice_id) else "already sent"


@task
def send_report_reminder(reminder_id: int) -> str:
    return "sent" if services.send_reminder_email(reminder_id=reminder_id) else "already sent"
