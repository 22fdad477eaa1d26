//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_WHITEBOARD_ROOM_HPP
#define COVERKIT_WHITEBOARD_ROOM_HPP

#include <coverkit/error.hpp>
#include <coverkit/text_view.hpp>

#include <boost/json/conversion.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace coverkit::whiteboard {

/// The most rooms one `list_rooms` page may ask for.
inline constexpr int max_rooms_per_page = 1000;
/// The rooms per page the service uses when a `list_rooms` request names no limit.
inline constexpr int default_rooms_per_page = 100;

/** A whiteboard room, as the v5 API describes it.

    On the wire it is `{uuid, teamUUID, appUUID, isRecord, isBan, createdAt, limit, name?}`.
*/
struct room
{
    /// The room's uuid: 32 lowercase hexadecimal characters.
    std::string uuid;
    /// The team that owns the room's app.
    std::string team_uuid;
    /// The app the room belongs to.
    std::string app_uuid;
    /// Whether the room is recorded for replay.
    bool is_record = false;
    /// Whether the room is banned.
    bool is_ban = false;
    /// When the room was created: ISO 8601 UTC with milliseconds, e.g.
    /// `2023-11-14T22:13:20.000Z`, as the service wrote it.
    std::string created_at;
    /// The most users the room admits; 0 for no limit.
    int limit = 0;
    /// The room's name, when it has one.
    std::optional<std::string> name = std::nullopt;

    friend bool operator==(room const&, room const&) = default;
};

/// Boost.JSON conversion: writes the wire object.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, room const& r);

/// Boost.JSON conversion: reads the wire object; `uuid`, `teamUUID`, `appUUID` and `createdAt`
/// must be strings, `isRecord` and `isBan` booleans, `limit` an integer, `name` (optional) a
/// string.
result<room> tag_invoke(boost::json::try_value_to_tag<room>, boost::json::value const& jv);

/** The body of `POST /v5/rooms`: every field optional, absent ones left to the service.

    Like every request type, it holds views (`text_view`, `list_view`) of the caller's text,
    not copies: each call copies what it sends before it returns, so a braced temporary
    passed straight to a call, `co_await`ed or not, is safe (README, "Coroutines").
*/
struct create_room_request
{
    /// Record the room for replay (`isRecord`).
    std::optional<bool> is_record = std::nullopt;
    /// The most users the room admits (`limit`), 0 for no limit.
    std::optional<int> limit = std::nullopt;
    /// A name for the room.
    std::optional<text_view> name = std::nullopt;

    friend bool operator==(create_room_request const&, create_room_request const&) = default;
};

/// Checks a room creation as the client does before sending it: `error::invalid_argument`
/// for a negative `limit`. `why` names the field and value.
error_code check(create_room_request const& req, std::string& why);

/// Boost.JSON conversion: writes `{isRecord?, limit?, name?}`.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, create_room_request const& r);

/** Which rooms `GET /v5/rooms` lists: those after `begin_uuid`, in uuid order.

    Like every request type, it holds views (`text_view`, `list_view`) of the caller's text,
    not copies: each call copies what it sends before it returns, so a braced temporary
    passed straight to a call, `co_await`ed or not, is safe (README, "Coroutines").
*/
struct list_rooms_request
{
    /// List the rooms whose uuid sorts after this one; absent to start at the first.
    std::optional<text_view> begin_uuid = std::nullopt;
    /// At most this many rooms, 1..1000; absent for the service's default, 100.
    std::optional<int> limit = std::nullopt;

    friend bool operator==(list_rooms_request const&, list_rooms_request const&) = default;
};

/// Checks a room listing as the client does before sending it: `error::invalid_argument`
/// for a `limit` outside 1..1000. `why` names the field and value.
error_code check(list_rooms_request const& req, std::string& why);

} // namespace coverkit::whiteboard

#include <coverkit/whiteboard/impl/room.hpp>

#endif
