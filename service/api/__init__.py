"""The JSON API routers (extract, jobs, audit, reviews); service/app.py mounts them."""
