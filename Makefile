# Shortcuts for the scripts, which are what the README and CI use.
.PHONY: run test package
run:
	./scripts/run
test:
	./scripts/test
package:
	./scripts/package
