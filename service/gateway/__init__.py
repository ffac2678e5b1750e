"""Gateway: the HTTP plumbing both front doors stand on — API keys (`keys`), upload parsing (`uploads`) and the
app state the lifespan opens (`state`: worker pool, store sessions, JobRunner). api/ and web/ import it, never each other."""
