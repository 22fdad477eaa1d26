// Whiteboard tokens: decoding, and verification against a known app.
#include "fuzz.hpp"

#include <coverkit/whiteboard/token.hpp>

int coverkit::fuzz::fuzz_token(std::uint8_t const* data, std::size_t size)
{
    auto const in = text(data, size);
    (void)whiteboard::parse_token(in);
    (void)whiteboard::verify_token(
        in,
        [](std::string_view ak) -> std::optional<std::string> {
            if (ak == "myAK")
                return "mySK";
            return std::nullopt;
        },
        1'700'000'000'000);
    return 0;
}
