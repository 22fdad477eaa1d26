#ifndef COVERKIT_FAKE_SRC_LEGACY_API_HPP
#define COVERKIT_FAKE_SRC_LEGACY_API_HPP

// The legacy Netless cover API: `POST /handle/rooms/single-snapshot` and paginated
// `POST /handle/rooms/snapshots`, on the whiteboard's rooms, answered in the `{code, msg}`
// envelope (errors too).

#include "../core/family.hpp"
#include "../services/token_authority.hpp"
#include "../whiteboard/rooms.hpp"
#include "../whiteboard/screenshot_pictures.hpp"

namespace coverkit::fake::detail {

class legacy_api final : public family
{
public:
    legacy_api(token_authority& tokens, room_directory& rooms, screenshot_pictures& pictures)
        : tokens_(tokens), rooms_(rooms), pictures_(pictures)
    {}

    void add_routes(router& r) override;
    http_response error(request_context const& ctx, boost::beast::http::status status,
                        std::string_view message, std::string_view code) const override;

private:
    http_response single_snapshot(request_context& ctx);
    http_response snapshots(request_context& ctx);

    struct snapshot_target;
    checked<snapshot_target> check_snapshot(request_context& ctx);

    token_authority& tokens_;
    room_directory& rooms_;
    screenshot_pictures& pictures_;
};

} // namespace coverkit::fake::detail

#endif
