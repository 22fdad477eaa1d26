// Transports the contract suite runs over. Each environment owns a fake server started from
// tests/data/contract.json and hands out a transport reaching it; the suite's cases are written
// once with BOOST_AUTO_TEST_CASE_TEMPLATE over `contract_environments`.
#ifndef COVERKIT_TESTS_SUPPORT_ENVIRONMENT_HPP
#define COVERKIT_TESTS_SUPPORT_ENVIRONMENT_HPP

#include <coverkit/fake/server.hpp>
#include <coverkit/transport/in_process.hpp>
#include <coverkit/whiteboard/token.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <string>
#include <tuple>

namespace coverkit::test {

/// The room most contract cases use, in region cn-hz, app myAK (team 2811).
inline constexpr char const* main_room = "faed3130727911ebaea37759ee91947c";

/// The contract fixture, read from the test data folder.
inline fake::fixture contract_fixture()
{
    return fake::load_fixture(COVERKIT_TEST_DATA_DIR "/contract.json");
}

/// Tokens for the contract fixture's apps, fixed nonce, the fake's clock.
inline whiteboard::token_generator tokens(fake::server const& fake, std::string ak = "myAK",
                                          std::string sk = "mySK")
{
    return whiteboard::token_generator(
        std::move(ak), std::move(sk), [] { return std::string("test-nonce"); },
        [fake] { return fake.now_ms(); });
}

/// The fake answering in the same process, through `in_process_transport`.
struct in_process_env
{
    static constexpr char const* name = "in-process";

    boost::asio::io_context ioc;
    fake::server fake{contract_fixture()};

    in_process_transport transport() { return fake.transport(ioc.get_executor()); }
    std::string base_url() const { return "http://fake.test"; }
};

/// Every environment the contract suite runs over.
using contract_environments = std::tuple<in_process_env>;

} // namespace coverkit::test

#endif
