# The libFuzzer targets (tests/fuzz/<name>_fuzz.cpp, corpus/<name>/), shared by the fuzz build
# and by the main build's ctest entries that run them briefly.
set(WOLFIX_FUZZ_TARGETS form json_fields jwt multipart router sniff stripe_event
                        webhook_signature)
