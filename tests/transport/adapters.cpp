#include <coverkit/transport/logging.hpp>
#include <coverkit/transport/retrying.hpp>

#include <boost/test/unit_test.hpp>

#include "support/environment.hpp"
#include "support/print.hpp"

#include <coverkit/detail/http_date.hpp>
#include <coverkit/whiteboard/client.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/write.hpp>

#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

// The transport adapters over every transport: scripted faults of the fake met by the plain
// transports (the documented error and details) and by the retry adapter (a transient fault
// survived, a persistent one ends with the last error, a call that is not safe to repeat sent
// once). Time is injected: no test waits for a pause.

namespace fake = coverkit::fake;
namespace http = boost::beast::http;
namespace wb = coverkit::whiteboard;
using namespace std::chrono_literals;
using coverkit::test::main_room;

static_assert(
    coverkit::transport_with_options<coverkit::retrying_transport<coverkit::in_process_transport>>);
static_assert(coverkit::transport_with_options<
              coverkit::logging_transport<coverkit::retrying_transport<coverkit::http_transport>>>);

namespace {

/// A clock that moves only when the adapter pauses; every pause is recorded.
struct manual_clock
{
    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::time_point{} + 1h;
    std::vector<std::chrono::milliseconds> pauses;

    coverkit::retry_clock clock(double random = 0.5)
    {
        return {
            .now = [this] { return now; },
            .wall_now = [] { return std::chrono::system_clock::time_point(784111777s); },
            .sleep =
                [this](std::chrono::milliseconds d) {
                    pauses.push_back(d);
                    now += d;
                },
            .async_sleep =
                [this](std::chrono::milliseconds d, std::function<void()> resume) {
                    pauses.push_back(d);
                    now += d;
                    resume();
                },
            .random = [random] { return random; },
        };
    }
};

/// The transports of an environment for one scenario: the in-process one as it is, the
/// network ones fresh (no pooled connection) and with a short exchange timeout, so a rule that
/// never answers ends in a timeout soon.
template <class Env>
auto scenario_transport(Env& env)
{
    if constexpr (std::is_same_v<Env, coverkit::test::in_process_env>) {
        return env.fake.transport(env.ioc.get_executor(), {.exchange_timeout = 300ms});
    } else {
        auto o = coverkit::test::test_transport_options();
        o.max_idle_per_host = 0;
        o.exchange_timeout = 300ms;
        return coverkit::http_transport(env.ioc.get_executor(), o);
    }
}

struct outcome
{
    coverkit::error_code ec;
    coverkit::error_details details;
    std::string key;
};

/// One screenshot call, blocking or asynchronous, over `t` to `base_url`.
template <class Transport>
outcome shoot(Transport t, boost::asio::io_context& ioc, fake::server const& srv, bool async,
              std::string base_url = "http://unused.invalid")
{
    auto const token = coverkit::test::tokens(srv).sdk_token(wb::token_role::admin);
    wb::client<Transport> c(std::move(t), {.base_url = std::move(base_url), .token = token});
    outcome out;
    wb::screenshot_request const req{64, 48, "/init"};
    if (!async) {
        out.key = c.screenshot(main_room, req, out.ec, out.details).key;
        return out;
    }
    c.async_screenshot(main_room, req, out.details,
                       [&](coverkit::error_code ec, coverkit::image img) {
                           out.ec = ec;
                           out.key = img.key;
                       });
    ioc.restart();
    ioc.run();
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(transport_adapters)

BOOST_AUTO_TEST_CASE_TEMPLATE(scripted_faults_meet_each_transport_with_and_without_retry, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    // One screenshot call to the environment's fake.
    auto run = [&](auto transport, bool async) {
        return shoot(std::move(transport), env.ioc, env.fake, async, env.base_url());
    };

    struct fault_kind
    {
        char const* name;
        fake::fault_rule rule;
        coverkit::error_code expected; // without the adapter
    };
    std::vector<fault_kind> const kinds = {
        {"503", {.status = 503, .retry_after = "2"}, coverkit::error::server_error},
        {"429", {.status = 429}, coverkit::error::unexpected_status},
        {"close", {.action = fake::fault_action::close}, coverkit::error::request_outcome_unknown},
        {"partial", {.action = fake::fault_action::partial}, http::error::partial_message},
        {"never", {.action = fake::fault_action::never}, boost::beast::error::timeout},
        {"delay past the timeout",
         {.action = fake::fault_action::delay, .delay = 1s},
         boost::beast::error::timeout},
    };
    for (auto const& kind : kinds) {
        for (bool async : {false, true}) {
            BOOST_TEST_CONTEXT(Env::name << ", " << kind.name << (async ? ", async" : ", blocking"))
            {
                // Without the adapter: the documented error, and the details of an answer.
                env.fake.reset();
                auto rule = kind.rule;
                rule.operation = "whiteboard.screenshots";
                env.fake.add_fault(rule);
                auto plain = run(scenario_transport(env), async);
                BOOST_TEST(plain.ec == kind.expected, plain.ec.message());
                if (kind.rule.action == fake::fault_action::status) {
                    BOOST_TEST(plain.details.status == kind.rule.status);
                    BOOST_TEST(!plain.details.request_id.empty());
                    BOOST_TEST(!plain.details.message.empty());
                } else {
                    BOOST_TEST(plain.details.status == 0u);
                }
                BOOST_TEST(env.fake.faults().at(0).used == 1u);

                // With it: the same fault twice is survived (the call is safe to repeat).
                env.fake.reset();
                rule.times = 2;
                env.fake.add_fault(rule);
                manual_clock clock;
                coverkit::retrying_transport retrying(scenario_transport(env),
                                                      {.clock = clock.clock()});
                auto survived = run(retrying, async);
                BOOST_TEST(!survived.ec, survived.ec.message());
                BOOST_TEST(!survived.key.empty());
                BOOST_TEST((env.fake.faults().at(0).uses_left == std::optional<std::uint64_t>(0)));
                BOOST_TEST(retrying.stats().attempts == 3u);
                BOOST_TEST_REQUIRE(clock.pauses.size() == 2u);
                if (kind.rule.retry_after == "2") {
                    BOOST_TEST(clock.pauses[0] == 2000ms); // as the answer asked
                } else {
                    BOOST_TEST(clock.pauses[0] == 400ms); // 0.5 × 800 ms: full jitter
                    BOOST_TEST(clock.pauses[1] == 800ms); // 0.5 × 1600 ms
                }

                // A persistent fault ends with the last error once the attempts are spent.
                env.fake.reset();
                rule.times = fake::always;
                env.fake.add_fault(rule);
                manual_clock clock2;
                coverkit::retrying_transport persistent(
                    scenario_transport(env), {.max_attempts = 3, .clock = clock2.clock()});
                auto failed = run(persistent, async);
                BOOST_TEST(failed.ec == kind.expected, failed.ec.message());
                BOOST_TEST(env.fake.faults().at(0).used == 3u);
                BOOST_TEST(persistent.stats().exhausted == 1u);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_call_not_safe_to_repeat_is_sent_once, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const token = coverkit::test::tokens(env.fake).sdk_token(wb::token_role::admin);
    for (auto action : {fake::fault_action::close, fake::fault_action::status}) {
        env.fake.reset();
        env.fake.add_fault(
            {.operation = "whiteboard.create_room", .times = fake::always, .action = action});
        manual_clock clock;
        coverkit::retrying_transport t(scenario_transport(env), {.clock = clock.clock()});
        wb::client c(t, {.base_url = env.base_url(), .token = token});
        coverkit::error_code ec;
        c.create_room({.name = "once"}, ec);
        BOOST_TEST(ec == (action == fake::fault_action::close
                              ? coverkit::error_code(coverkit::error::request_outcome_unknown)
                              : coverkit::error_code(coverkit::error::server_error)));
        BOOST_TEST(env.fake.faults().at(0).used == 1u);
        BOOST_TEST(t.stats().attempts == 1u);
        BOOST_TEST(clock.pauses.empty());

        // Unless the caller opts in.
        env.fake.reset();
        env.fake.add_fault({.operation = "whiteboard.create_room", .action = action});
        coverkit::retrying_transport opted(scenario_transport(env),
                                           {.retry_unsafe = true, .clock = clock.clock()});
        wb::client c2(opted, {.base_url = env.base_url(), .token = token});
        c2.create_room({.name = "twice"}, ec);
        BOOST_TEST(!ec, ec.message());
        BOOST_TEST(opted.stats().attempts == 2u);
    }
}

BOOST_AUTO_TEST_CASE(a_retry_sends_the_same_request_again)
{
    boost::asio::io_context ioc;
    std::vector<std::string> seen;
    coverkit::in_process_transport inner(
        ioc.get_executor(), [&](coverkit::http_request const& req) {
            std::ostringstream os;
            os << req;
            seen.push_back(os.str());
            coverkit::http_response res{
                seen.size() < 3 ? http::status::service_unavailable : http::status::ok, 11};
            res.prepare_payload();
            return res;
        });
    manual_clock clock;
    coverkit::retrying_transport t(inner, {.clock = clock.clock()});
    coverkit::http_request req{http::verb::patch, "http://fake.test/v5/rooms/a%20b?x=1", 11};
    req.set("token", "t0k");
    req.insert("x-twice", "1");
    req.insert("x-twice", "2");
    req.body() = R"({"isBan":true})";
    req.prepare_payload();
    coverkit::error_code ec;
    // A PATCH is not idempotent by its method: the call says it may be repeated.
    auto res = t.send(req, {.repeatable = true}, ec);
    BOOST_TEST(!ec);
    BOOST_TEST(res.result_int() == 200u);
    BOOST_TEST_REQUIRE(seen.size() == 3u);
    BOOST_TEST(seen[1] == seen[0]);
    BOOST_TEST(seen[2] == seen[0]);
    BOOST_TEST(seen[0].find("x-twice: 1\r\nx-twice: 2\r\n") != std::string::npos, seen[0]);

    // Without that word, a PATCH is sent once.
    seen.clear();
    res = t.send(req, ec);
    BOOST_TEST(res.result_int() == 503u);
    BOOST_TEST(seen.size() == 1u);
}

BOOST_AUTO_TEST_CASE(retry_after_as_a_date_and_the_time_bound)
{
    boost::asio::io_context ioc;
    fake::server srv(coverkit::test::contract_fixture());
    // The injected wall clock reads Sun, 06 Nov 1994 08:49:37 GMT; the answer asks for 30 s on.
    srv.add_fault({.operation = "whiteboard.screenshots",
                   .status = 503,
                   .retry_after = coverkit::detail::format_http_date(
                       std::chrono::system_clock::time_point(784111777s + 30s))});
    manual_clock clock;
    coverkit::retrying_transport t(srv.transport(ioc.get_executor()), {.clock = clock.clock()});
    auto out = shoot(t, ioc, srv, false);
    BOOST_TEST(!out.ec);
    BOOST_TEST_REQUIRE(clock.pauses.size() == 1u);
    BOOST_TEST(clock.pauses[0] == 30000ms);

    // A pause that would end past max_total is not taken: the answer stands.
    srv.add_fault({.operation = "whiteboard.screenshots", .status = 503, .retry_after = "600"});
    manual_clock clock2;
    coverkit::retrying_transport bounded(srv.transport(ioc.get_executor()),
                                         {.max_total = 60s, .clock = clock2.clock()});
    auto cut = shoot(bounded, ioc, srv, false);
    BOOST_TEST(cut.ec == coverkit::error::server_error);
    BOOST_TEST(cut.details.status == 503u);
    BOOST_TEST(clock2.pauses.empty());
    BOOST_TEST(bounded.stats().exhausted == 1u);
}

BOOST_AUTO_TEST_CASE(cancelling_a_pause_ends_the_call_at_once)
{
    boost::asio::io_context ioc;
    fake::server srv(coverkit::test::contract_fixture());
    srv.add_fault({.operation = "whiteboard.get_room",
                   .times = fake::always,
                   .status = 503,
                   .retry_after = "3600"});
    // The real clock and timer: the pause is an hour, and cancellation ends it.
    coverkit::retrying_transport t(srv.transport(ioc.get_executor()), {.max_total = 0ms});
    coverkit::http_request req{http::verb::get, "http://fake.test/v5/rooms/x", 11};
    boost::asio::cancellation_signal cancel;
    coverkit::error_code result;
    bool done = false;
    t.async_send(std::move(req), boost::asio::bind_cancellation_slot(
                                     cancel.slot(), [&](coverkit::error_code ec, auto) {
                                         result = ec;
                                         done = true;
                                     }));
    // Run until the first attempt is answered and the pause has begun, then cancel.
    while (t.stats().retries == 0 && ioc.run_one() > 0) {
    }
    BOOST_TEST_REQUIRE(t.stats().retries == 1u);
    cancel.emit(boost::asio::cancellation_type::terminal);
    ioc.run_for(10s); // returns as soon as the cancelled call completed
    BOOST_TEST(done);
    BOOST_TEST(result == boost::asio::error::operation_aborted);
    BOOST_TEST(t.stats().attempts == 1u);
}

BOOST_AUTO_TEST_CASE(the_logging_adapter_reports_every_exchange_with_secrets_redacted)
{
    boost::asio::io_context ioc;
    fake::server srv(coverkit::test::contract_fixture());
    std::vector<coverkit::exchange_record> records;
    using logged = coverkit::logging_transport<coverkit::in_process_transport>;
    logged t(srv.transport(ioc.get_executor()),
             [&](coverkit::exchange_record const& r) { records.push_back(r); });
    auto const token = coverkit::test::tokens(srv).sdk_token(wb::token_role::admin);
    wb::client c(t, {.base_url = "http://fake.test", .token = token});
    coverkit::error_code ec;
    c.screenshot(main_room, {64, 48, "/init"}, ec);
    BOOST_TEST(!ec);
    c.create_team_token("myAK", "mySK", wb::token_role::admin, 0ms, ec);
    c.async_room_info("0000000000000000000000000000none", [](coverkit::error_code, auto) {});
    ioc.run();

    // A request with secrets in its query and body, sent directly.
    coverkit::http_request raw{http::verb::post,
                               "http://fake.test/api/v1/token?library_id=l&library_secret=s3cr3t"
                               "&access_token=tok3n",
                               11};
    raw.set("roomToken", "NETLESSROOM_x");
    raw.body() = R"({"nested":{"secretAccessKey":"mySK","keep":"visible"},"token":"t0k"})";
    raw.prepare_payload();
    t.send(std::move(raw), ec);

    BOOST_TEST_REQUIRE(records.size() == 4u);
    BOOST_TEST(records[0].method() == "POST");
    BOOST_TEST(records[0].url() ==
               "http://fake.test/v5/rooms/" + std::string(main_room) + "/screenshots");
    BOOST_TEST(records[0].status() == 201u);
    BOOST_TEST(!records[0].request_id().empty());
    BOOST_TEST(!records[0].error());
    BOOST_TEST(records[2].status() == 404u);
    std::string everything;
    for (auto const& r : records) {
        everything += r.url() + r.body();
        for (auto const& [name, value] : r.headers())
            everything += name + ": " + value + "\n";
    }
    for (auto secret : {token.c_str(), "mySK", "s3cr3t", "tok3n", "NETLESSROOM_x", "t0k"})
        BOOST_TEST(everything.find(secret) == std::string::npos, secret);
    BOOST_TEST(records[3].url().find("library_secret=[redacted]") != std::string::npos);
    BOOST_TEST(records[3].body().find("\"keep\":\"visible\"") != std::string::npos);
    BOOST_TEST(records[1].body().find("\"accessKey\":\"myAK\"") != std::string::npos);
    // The calls send no User-Agent of their own: the transport's configured one is what goes.
    for (auto const& r : records)
        for (auto const& [name, value] : r.headers())
            BOOST_TEST(name != "User-Agent", value);
}

BOOST_AUTO_TEST_SUITE_END()
