from ninja import NinjaAPI

from corpus.api import router as corpus_router
from directory.api import router as directory_router
from rules.api import router as rules_router

api = NinjaAPI(
    title="investbj API",
    version="1.0",
    description="Beijing foreign-investment policy corpus: documents, measures, responsible units, search.",
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/", corpus_router)
api.add_router("/", directory_router)
api.add_router("/", rules_router)
