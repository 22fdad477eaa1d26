//
// coverkit — whiteboard scenes and media albums to pictures
//
// The umbrella header: everything public in one include: the clients of the three API
// families, both transports (in process and the network's `http_transport`), downloads, errors
// and the version. The fake server is a separate library: <coverkit/fake/server.hpp>.
// What the APIs send and answer, as coverkit speaks them and its fake reproduces them:
// docs/contract.md; the same as OpenAPI 3.1, for tools: docs/openapi.yaml.
//
#ifndef COVERKIT_HPP
#define COVERKIT_HPP

#include <coverkit/as_api_error.hpp>
#include <coverkit/download.hpp>
#include <coverkit/error.hpp>
#include <coverkit/image.hpp>
#include <coverkit/legacy/client.hpp>
#include <coverkit/legacy/pager.hpp>
#include <coverkit/legacy/snapshot.hpp>
#include <coverkit/list_view.hpp>
#include <coverkit/pager.hpp>
#include <coverkit/scene_path.hpp>
#include <coverkit/smh/client.hpp>
#include <coverkit/smh/cover.hpp>
#include <coverkit/text_view.hpp>
#include <coverkit/transport.hpp>
#include <coverkit/transport/http.hpp>
#include <coverkit/transport/in_process.hpp>
#include <coverkit/transport/logging.hpp>
#include <coverkit/transport/retrying.hpp>
#include <coverkit/version.hpp>
#include <coverkit/whiteboard/client.hpp>
#include <coverkit/whiteboard/region.hpp>
#include <coverkit/whiteboard/room.hpp>
#include <coverkit/whiteboard/room_pager.hpp>
#include <coverkit/whiteboard/scene.hpp>
#include <coverkit/whiteboard/screenshot.hpp>
#include <coverkit/whiteboard/token.hpp>

#endif
