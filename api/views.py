from ninja import NinjaAPI

api = NinjaAPI(title="Dialog API", version="1", urls_namespace="api-v1")
