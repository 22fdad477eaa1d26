// The libFuzzer entry of one target, chosen by COVERKIT_FUZZ_ENTRY (fuzz/CMakeLists.txt).
#include "fuzz.hpp"
