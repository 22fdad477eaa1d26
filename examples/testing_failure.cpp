#include <coverkit.hpp>
#include <coverkit/fake/server.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <iostream>
#include <vector>

int main()
{
    namespace wb = coverkit::whiteboard;
    coverkit::fake::server fake(coverkit::fake::parse_fixture(boost::json::parse(R"({
        "apps":  [{"ak": "myAK", "sk": "mySK", "team": "2811"}],
        "rooms": [{"uuid": "faed3130727911ebaea37759ee91947c", "ak": "myAK"}]})")));

    // The service is unavailable twice ("come back in 1 s"), then well again.
    fake.add_fault({.operation = "whiteboard.screenshots",
                    .times = 2,
                    .status = 503,
                    .retry_after = "1"});

    // Pauses are noted, not waited for: the test runs at full speed.
    std::vector<std::chrono::milliseconds> pauses;
    coverkit::retry_options retry;
    retry.clock.sleep = [&](std::chrono::milliseconds d) { pauses.push_back(d); };

    boost::asio::io_context ioc;
    coverkit::retrying_transport transport(fake.transport(ioc.get_executor()), retry);
    wb::token_generator tokens("myAK", "mySK");
    wb::client client(transport, {.base_url = "http://fake.invalid",
                                  .token = tokens.sdk_token(wb::token_role::writer)});

    coverkit::image cover = client.screenshot("faed3130727911ebaea37759ee91947c",
                                              {.width = 640, .height = 480});
    std::cout << cover.key << " after " << transport.stats().attempts << " attempts\n";
    for (auto pause : pauses)
        std::cout << "  paused " << pause.count() << " ms, as Retry-After asked\n";

    // The fake's accounting: every scripted failure was used, and the journal says which
    // requests a rule answered.
    for (auto const& f : fake.faults())
        std::cout << f.rule.id << ": used " << f.used << ", " << f.uses_left.value_or(0)
                  << " left\n";
    for (auto const& e : fake.journal())
        std::cout << e.method << ' ' << e.target << " -> " << e.status
                  << (e.fault.empty() ? "" : " (" + e.fault + ")") << '\n';
}
