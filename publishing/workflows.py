"""What happens when a workflow is approved to the end (Wagtail's WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail publishes the approved revision in the approver's name and checks that the approver may publish.
Nobody has the permission to publish a message directly – that is how four eyes hold – so for a message
the approval itself is the authority and the permission check is skipped. Everything else (pages) is
published exactly as Wagtail does.
"""



def finish_workflow(workflow_state, user=None):
    # Imported here: Wagtail imports this module while its own models load.
    from wagtail.workflows import publish_workflow_state

    from .models import Message

    content = workflow_state.content_object
    if isinstance(content, Message):
        content.get_latest_revision().publish(user=user, skip_permission_checks=True)
    else:
        publish_workflow_state(workflow_state, user=user)
