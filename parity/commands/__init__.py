"""One module per command; shared options and error handling in `common`."""
