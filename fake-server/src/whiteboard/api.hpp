#ifndef COVERKIT_FAKE_SRC_WHITEBOARD_API_HPP
#define COVERKIT_FAKE_SRC_WHITEBOARD_API_HPP

// The whiteboard v5 API: tokens (tokens.cpp), rooms (rooms.cpp), scenes (scenes.cpp) and
// screenshots (screenshots.cpp). Errors are `{"message": …}`.

#include "../core/family.hpp"
#include "../services/clock.hpp"
#include "../services/object_store.hpp"
#include "../services/token_authority.hpp"
#include "rooms.hpp"
#include "screenshot_pictures.hpp"

#include <coverkit/fake/fixture.hpp>

namespace coverkit::fake::detail {

class whiteboard_api final : public family
{
public:
    whiteboard_api(fixture const& fix, fake_clock const& clock, token_authority& tokens,
                   object_store& store);

    void add_routes(router& r) override;
    void reset() override;

    /// The rooms, which the legacy cover API reads too.
    room_directory& rooms() noexcept { return rooms_; }
    /// The screenshots' pictures, which the legacy cover API makes too.
    screenshot_pictures& pictures() noexcept { return pictures_; }

private:
    // tokens.cpp
    http_response team_token(request_context& ctx);
    http_response resource_token(request_context& ctx, whiteboard::token_kind kind);
    // rooms.cpp
    http_response create_room(request_context& ctx);
    http_response list_rooms(request_context& ctx);
    http_response room_info(request_context& ctx);
    http_response ban_room(request_context& ctx);
    // scenes.cpp
    http_response scene_list(request_context& ctx);
    http_response add_scenes(request_context& ctx);
    http_response switch_scene(request_context& ctx);
    // screenshots.cpp
    http_response screenshots(request_context& ctx);
    http_response screenshot_list(request_context& ctx);

    // The checks every token-carrying call starts with (api.cpp).
    struct caller
    {
        whiteboard::region region;
        token_access access;
    };
    struct room_caller
    {
        room_state* room;
        token_access access;
    };
    /// The region a request addresses: its `region` header, cn-hz without one; 400 for another.
    static checked<whiteboard::region> check_region(request_context const& ctx);
    /** The `region` header (400), then the `token` header as `token_authority` checks it for
        `needed` on `room_uuid` (empty for team-level operations: 401, 403). */
    checked<caller> check_caller(request_context const& ctx, whiteboard::token_role needed,
                                 std::string_view room_uuid);
    /// A call on `/v5/rooms/{uuid}/...`: `check_caller` for `needed` on that room, then the room
    /// itself (404).
    checked<room_caller> check_room(request_context const& ctx, whiteboard::token_role needed);

    struct screenshot_target;
    checked<screenshot_target> check_screenshot(request_context& ctx);

    fixture const& fix_;
    fake_clock const& clock_;
    token_authority& tokens_;
    room_directory rooms_;
    screenshot_pictures pictures_;
};

} // namespace coverkit::fake::detail

#endif
