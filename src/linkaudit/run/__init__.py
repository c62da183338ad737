"""Long runs over many documents: streaming, executors (processes, Dask), shards, merge."""
