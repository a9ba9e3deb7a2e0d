"""The demo: the Economie071 portfolio of November 2019, loaded by `economie071 load_demo`."""
