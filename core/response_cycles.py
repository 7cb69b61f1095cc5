"""Free an admin page's response when its request ends, not at the next full garbage collection.

Wagtail's admin wraps every TemplateResponse's `render` in a closure that refers back to the response
(`wagtail.admin.localization.get_localized_response`): a reference cycle, so the response – its
rendered page and its context – waits for Python's cyclic collector. On the planner's 2,000-row
timeline (`benchmarks/campaign_timeline.py`) every full collection then cost ≈ 230 ms and one request
in ten paid for it; with the cycle broken once the page is rendered, ≈ 15 ms.
"""


class FreeRenderedResponsesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        response.add_post_render_callback(_drop_render_wrapper)
        return response


def _drop_render_wrapper(response) -> None:
    """Runs inside the wrapper, after rendering; returns None so Django keeps the same response."""
    response.__dict__.pop("render", None)
