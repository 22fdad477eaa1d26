#include "journal.hpp"

#include <boost/url/url.hpp>

namespace coverkit::fake::detail {

std::string request_journal::masked_target(std::optional<boost::urls::url_view> const& url,
                                           std::string_view raw)
{
    if (!url || !url->has_query())
        return std::string(raw);
    boost::urls::url copy(*url);
    auto params = copy.params();
    for (auto it = params.begin(); it != params.end(); ++it) {
        auto const key = (*it).key;
        if (key == "roomToken" || key == "token" || key == "access_token" ||
            key == "library_secret")
            it = params.set(it, "***");
    }
    return std::string(copy.encoded_target());
}

} // namespace coverkit::fake::detail
