"""HTTP API: create_app() builds the FastAPI app whose lifespan loads the Pipeline once."""
from .app import create_app

__all__ = ["create_app"]
