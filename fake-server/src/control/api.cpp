#include "api.hpp"

#include "../core/numbers.hpp"

namespace coverkit::fake::detail {

namespace http = boost::beast::http;
namespace json = boost::json;

void control_api::add_routes(router& r)
{
    r.add(*this, http::verb::post, "_fake/reset", [this](request_context&) {
        reset_all_();
        return json_response(http::status::ok, json::object{});
    });
    r.add(*this, http::verb::get, "_fake/requests", [this](request_context&) {
        json::array out;
        for (auto const& e : journal_.entries())
            out.push_back({{"method", e.method},
                           {"target", e.target},
                           {"status", e.status},
                           {"request_id", e.request_id}});
        return json_response(http::status::ok, out);
    });
    r.add(*this, http::verb::put, "_fake/clock", [this](request_context& ctx) -> http_response {
        auto now = read_integer(
            ctx, ctx.body.if_contains("now_ms"),
            {.message = "now_ms must be a non-negative integer", .forms = number_forms::integer});
        if (!now)
            return std::move(now).refusal();
        clock_.fix(*now);
        return json_response(http::status::ok, {{"now_ms", *now}});
    });
}

} // namespace coverkit::fake::detail
