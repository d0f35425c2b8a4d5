# Shortcuts for the scripts, which are what the README and CI use.
.PHONY: run test
run:
	./scripts/run
test:
	./scripts/test
