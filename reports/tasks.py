"""Background work of consultation reports. Arguments are ids only; a task run twice does its work once."""

from django.tasks import task

from . import services


@task
def send_council_notice(notice_id: int) -> str:
    return "sent" if services.send_council_notice(notice_id=notice_id) else "already sent"


@task
def send_report_reminder(reminder_id: int) -> str:
    return "sent" if services.send_reminder_email(reminder_id=reminder_id) else "already sent"


@task
def publish_requested_report(request_id: int) -> str:
    request = services.run_publication_request(request_id=request_id)
    return "not waiting" if request is None else request.state
