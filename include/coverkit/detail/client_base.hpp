#ifndef COVERKIT_DETAIL_CLIENT_BASE_HPP
#define COVERKIT_DETAIL_CLIENT_BASE_HPP

#include <coverkit/detail/call.hpp>
#include <coverkit/detail/url.hpp>
#include <coverkit/transport.hpp>

#include <boost/url/url.hpp>

#include <optional>
#include <string>
#include <utility>

namespace coverkit::detail {

/* What every API family's client holds: its transport, its options (which name a `base_url`)
   and that URL parsed once. The families' clients derive from it publicly, so its accessors are
   theirs. */
template <transport Transport, class Options>
class client_base
{
public:
    /// The transport type.
    using transport_type = Transport;
    /// The executor of asynchronous calls: the transport's.
    using executor_type = typename Transport::executor_type;

    /// Returns the transport's executor.
    executor_type get_executor() { return transport_.get_executor(); }

    /// Returns the transport.
    Transport& transport() noexcept { return transport_; }

    /// Returns the options.
    Options const& options() const noexcept { return options_; }

protected:
    client_base(Transport transport, Options options)
        : transport_(std::move(transport)), options_(std::move(options)),
          base_(parse_base_url(options_.base_url))
    {}

    // The call to give back when the base URL cannot be used; nothing when it can.
    template <class T>
    std::optional<call<T>> reject_bad_base(char const* operation) const
    {
        if (base_)
            return std::nullopt;
        return reject<T>(operation, error::invalid_base_url,
                         "base url \"" + options_.base_url + "\" is not an absolute http(s) URL");
    }

    Transport transport_;
    Options options_;
    result<boost::urls::url> base_;
};

} // namespace coverkit::detail

#endif
