#include "api.hpp"

#include "../core/numbers.hpp"

#include <algorithm>
#include <limits>
#include <string>

namespace coverkit::fake::detail {

namespace http = boost::beast::http;
namespace json = boost::json;

void control_api::add_routes(router& r)
{
    // Every /_fake/... path is the control family's: an unknown one is its 404, not journaled.
    r.claim_prefix(*this, "_fake");
    r.add(*this, http::verb::post, "_fake/reset", {}, [this](request_context&) {
        reset_all_();
        return json_response(http::status::ok, json::object{});
    });
    r.add(*this, http::verb::get, "_fake/requests", {},
          [this](request_context& ctx) -> http_response {
              // A page: the requests numbered `since` and after (0 for the first since the start
              // or the last reset) that match the filters, at most `limit`.
              request_filter filter;
              auto since = read_integer(ctx, ctx.query("since"),
                                        {.message = "since must be a non-negative integer",
                                         .clamp_above = true,
                                         .absent = 0});
              if (!since)
                  return std::move(since).refusal();
              auto limit = read_integer(ctx, ctx.query("limit"),
                                        {.min = 1,
                                         .message = "limit must be a positive integer",
                                         .clamp_above = true,
                                         .absent = std::numeric_limits<std::int64_t>::max()});
              if (!limit)
                  return std::move(limit).refusal();
              filter.since = static_cast<std::uint64_t>(*since);
              filter.limit = static_cast<std::size_t>(*limit);
              if (auto method = ctx.query("method")) {
                  if (method->empty() || method->size() > 32 ||
                      method->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                "abcdefghijklmnopqrstuvwxyz-") != std::string::npos)
                      return ctx.refuse(http::status::bad_request,
                                        "method must be an HTTP method, such as POST");
                  filter.method = std::move(*method);
              }
              if (auto path = ctx.query("path")) {
                  if (path->empty() || path->front() != '/' || path->size() > max_journal_target)
                      return ctx.refuse(http::status::bad_request,
                                        "path must start with / and be at most 1024 bytes");
                  filter.path = std::move(*path);
              }
              if (auto status = ctx.query("status")) {
                  auto const& v = *status;
                  bool const digits =
                      v.size() == 3 && v.find_first_not_of("0123456789") == std::string::npos;
                  if (v.size() == 3 && v[0] >= '1' && v[0] <= '5' &&
                      (v.substr(1) == "xx" || v.substr(1) == "XX"))
                      filter.status_class = static_cast<unsigned>(v[0] - '0');
                  else if (v == "0")
                      filter.status = 0;
                  else if (digits && v >= "100" && v <= "599")
                      filter.status = static_cast<unsigned>(std::stoul(v));
                  else
                      return ctx.refuse(http::status::bad_request,
                                        "status must be a status code (100 to 599), a class "
                                        "such as 4xx, or 0 for requests never answered");
              }
              auto const page = journal_.select(filter);
              json::array out;
              out.reserve(page.entries.size());
              for (auto const& e : page.entries)
                  out.push_back(to_json(e));
              auto res = json_response(http::status::ok, out);
              // Where the page starts, what to ask for next, and how many requests were dropped.
              res.set("x-journal-first", std::to_string(page.first));
              res.set("x-journal-next", std::to_string(page.next));
              res.set("x-journal-dropped", std::to_string(page.dropped));
              return res;
          });
    r.add(*this, http::verb::put, "_fake/fixture", {},
          [this](request_context& ctx) -> http_response {
              if (ctx.req.body().empty())
                  return ctx.refuse(http::status::bad_request,
                                    "bad fixture: the body must be a fixture, a JSON object");
              fixture next;
              try {
                  next = parse_fixture(ctx.body, fixture_dir_());
              } catch (fixture_error const& e) {
                  return ctx.refuse(http::status::bad_request,
                                    std::string("bad fixture: ") + e.what());
              }
              auto const summary = replace_fixture_(std::move(next));
              return json_response(http::status::ok, {{"apps", summary.apps},
                                                      {"rooms", summary.rooms},
                                                      {"libraries", summary.libraries},
                                                      {"faults", summary.faults}});
          });
    r.add(*this, http::verb::put, "_fake/clock", {}, [this](request_context& ctx) -> http_response {
        auto now = read_integer(
            ctx, ctx.body.if_contains("now_ms"),
            {.max = fake_clock::max_ms,
             .message = "now_ms must be an integer in 0..253402300799999 (Unix milliseconds up "
                        "to the year 9999)",
             .forms = number_forms::integer});
        if (!now)
            return std::move(now).refusal();
        clock_.fix(*now);
        return json_response(http::status::ok, {{"now_ms", *now}});
    });

    // Fault rules: added one by one or as {"faults": [...]} (all or none), listed with their
    // use, deleted all at once or by id.
    auto listing = [](std::vector<fault_state> const& states) {
        json::array out;
        for (auto const& st : states)
            out.push_back(to_json(st));
        return json::object{{"faults", std::move(out)}};
    };
    r.add(*this, http::verb::post, "_fake/faults", {},
          [this, listing](request_context& ctx) -> http_response {
              if (ctx.req.body().empty())
                  return ctx.refuse(http::status::bad_request,
                                    "the body must be a fault rule (a JSON object), or "
                                    "{\"faults\": [rules]}");
              std::vector<fault_rule> rules;
              try {
                  if (auto const* list = ctx.body.if_contains("faults")) {
                      auto const* arr = list->if_array();
                      if (!arr)
                          return ctx.refuse(http::status::bad_request,
                                            "faults must be an array of fault rules");
                      if (ctx.body.size() != 1)
                          return ctx.refuse(http::status::bad_request,
                                            "a body with faults holds nothing else");
                      for (std::size_t i = 0; i < arr->size(); ++i) {
                          try {
                              rules.push_back(parse_fault_rule((*arr)[i]));
                          } catch (fault_error const& e) {
                              throw fault_error("faults[" + std::to_string(i) + "]: " + e.what());
                          }
                      }
                  } else {
                      rules.push_back(parse_fault_rule(ctx.body));
                  }
              } catch (fault_error const& e) {
                  return ctx.refuse(http::status::bad_request, e.what());
              }
              try {
                  return json_response(http::status::created,
                                       listing(faults_.add_all(std::move(rules))));
              } catch (fault_error const& e) {
                  return ctx.refuse(http::status::bad_request, e.what());
              }
          });
    r.add(*this, http::verb::get, "_fake/faults", {}, [this, listing](request_context&) {
        return json_response(http::status::ok, listing(faults_.list()));
    });
    r.add(*this, http::verb::delete_, "_fake/faults", {}, [this](request_context&) {
        return json_response(http::status::ok, {{"deleted", faults_.clear()}});
    });
    r.add(*this, http::verb::delete_, "_fake/faults/*", {},
          [this](request_context& ctx) -> http_response {
              auto const& id = ctx.segments.back();
              if (!faults_.remove(id))
                  return ctx.refuse(http::status::not_found,
                                    "no fault rule \"" + id.substr(0, 64) + "\"");
              return json_response(http::status::ok, {{"deleted", 1}});
          });
}

} // namespace coverkit::fake::detail
