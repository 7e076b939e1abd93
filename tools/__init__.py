"""Developer tooling: the embedded servers and the `make run` runner. Never deployed."""
