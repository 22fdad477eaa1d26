#ifndef COVERKIT_FAKE_SRC_STORAGE_API_HPP
#define COVERKIT_FAKE_SRC_STORAGE_API_HPP

// The object store over HTTP: `GET`/`HEAD` an object (404 when absent), `PUT` one (at most
// 64 MiB, typed by its Content-Type or its first bytes), under `{prefix}/{bucket}/{key}`.

#include "../core/family.hpp"
#include "../services/object_store.hpp"

namespace coverkit::fake::detail {

class storage_api final : public family
{
public:
    explicit storage_api(object_store& store) : store_(store) {}

    void add_routes(router& r) override;
    void reset() override { store_.clear(); }

private:
    http_response handle(request_context& ctx);

    object_store& store_;
};

} // namespace coverkit::fake::detail

#endif
