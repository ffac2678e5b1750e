"""Runtime: where documents run — the local worker pool (pebble, one model load per worker), the Dask executor for
more than one machine, and `pools.open_pool`, the choice between them. Imports core and base only."""
