#ifndef COVERKIT_FAKE_SRC_SMH_API_HPP
#define COVERKIT_FAKE_SRC_SMH_API_HPP

// Tencent Smart Media Hosting: the album cover (`GET /api/v1/album/{library}/{space}/cover[/
// {album}]`, a 302 to the picture in the object store) and access tokens (`/api/v1/token`).
// Errors are `{code, message, requestId}`.

#include "../core/family.hpp"
#include "../services/clock.hpp"
#include "../services/object_store.hpp"

#include <coverkit/fake/fixture.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace coverkit::fake::detail {

class smh_api final : public family
{
public:
    smh_api(fixture const& fix, fake_clock const& clock, object_store& store)
        : fix_(fix), clock_(clock), store_(store)
    {}

    void add_routes(router& r) override;
    void reset() override;
    http_response error(request_context const& ctx, boost::beast::http::status status,
                        std::string_view message, std::string_view code) const override;

private:
    http_response album_cover(request_context& ctx);
    http_response access_token(request_context& ctx);

    smh_library const* find_library(std::string_view id) const;

    /// An access token the fake has issued.
    struct issued_token
    {
        std::string library;
        std::optional<std::string> space; // nothing: every space of the library
        std::int64_t expires_at_ms = 0;
    };

    fixture const& fix_;
    fake_clock const& clock_;
    object_store& store_;
    std::vector<smh_library> libraries_;
    std::map<std::string, issued_token, std::less<>> tokens_; // by token
};

} // namespace coverkit::fake::detail

#endif
