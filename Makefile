# The two commands: `make run` and `make test`. Both install what they need first.
BUILD ?= build
# The libFuzzer targets (clang) build in their own tree; `make fuzz` runs each this long.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
LISTEN ?= 127.0.0.1:8080
export WOLFIX_DATABASE_URL ?= sqlite:var/wolfix.db

.PHONY: deps build fuzz-build fuzz sanitize soak run test package bench bench-micro format clean

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD)

run: build
	@mkdir -p var
	$(BUILD)/wolfix migrate
	$(BUILD)/wolfix seed --if-empty
	$(BUILD)/wolfix serve --listen $(LISTEN)

# The browser tests need chromium (and node): the install step brings them for `make test`.
test: export WOLFIX_E2E = 1
test: build fuzz-build
	@scripts/check-module-boundaries.sh
	@scripts/check-test-sql.sh
	@cmake -S . -B $(BUILD) -DWOLFIX_FUZZ_BUILD_DIR=$(abspath $(FUZZ_BUILD)) >/dev/null
	@scripts/with-postgres.sh ctest --test-dir $(BUILD) --output-on-failure -j2

fuzz-build: deps
	@cmake -S . -B $(FUZZ_BUILD) -G Ninja -DWOLFIX_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(FUZZ_BUILD)

# Every parser fuzzer for FUZZ_SECONDS each (make test runs them for 4 s each).
fuzz: fuzz-build
	@tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# ASan+UBSan over the unit and API suites, TSan over the concurrency suites, both databases.
# Heavy (two more full builds): nightly-style, not part of `make test` (scripts/sanitize.sh).
sanitize: deps
	@scripts/sanitize.sh

# Minutes of a steady mix (reads, COD orders, card flows with webhooks, refunds) at a fixed rate,
# sampling the server's memory, descriptors and latency; fails on growth or any 5xx. Not part
# of `make test` (scripts/soak.sh; SOAK_SECONDS, SOAK_RATE).
soak: build
	@BUILD=$(BUILD) scripts/soak.sh

# The Debian package (binary, systemd unit, default config): build/wolfix_VERSION_ARCH.deb
package: build
	@scripts/package-deb.sh $(BUILD)/wolfix $(BUILD)

bench: build
	@BUILD=$(BUILD) bench/run.sh

# CPU time per operation of the request path's pieces (bench/micro): steadier than req/s on a
# busy machine, for before/after comparisons of one change.
bench-micro: build
	@cmake --build $(BUILD) --target micro_bench && $(BUILD)/micro_bench

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD)
