# The two commands: `make run` and `make test`. Both install what they need first.
BUILD ?= build
LISTEN ?= 127.0.0.1:8080
export WOLFIX_DATABASE_URL ?= sqlite:var/wolfix.db

.PHONY: deps build run test bench format clean

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
test: build
	@scripts/with-postgres.sh ctest --test-dir $(BUILD) --output-on-failure -j2

bench: build
	@BUILD=$(BUILD) bench/run.sh

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD)
