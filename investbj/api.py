from ninja import NinjaAPI

from applications.api import router as applications_router
from corpus.api import router as corpus_router
from directory.api import router as directory_router
from reporting.api import router as reporting_router
from rules.api import router as rules_router
from services.api import router as services_router
from tracking.api import router as tracking_router

api = NinjaAPI(
    title="investbj API",
    version="1.0",
    description="Beijing foreign-investment policy platform: documents, measures, responsible units, search, market access, policy matching, the implementation ledger and enterprise services (issues, partners, roundtables) and applications.",
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/", corpus_router)
api.add_router("/", directory_router)
api.add_router("/", rules_router)
api.add_router("/", tracking_router)
api.add_router("/", services_router)
api.add_router("/", applications_router)
api.add_router("/", reporting_router)
