# Entry points; each one is a script under tools/ that says what it does.
.PHONY: run test lint bench

run:    ## demo database with generated customers, served on http://localhost:8069
	bash tools/run.sh

test:   ## lint + fresh database + every test (tours included) + uninstall check
	bash tools/test.sh

lint:
	bash tools/lint.sh

bench:  ## generate N customers (BENCH_CUSTOMERS) and time each recompute step
	python3 -m bench --customers $${BENCH_CUSTOMERS:-10000}
